import { performance } from 'node:perf_hooks';
import { isAppError } from '../shared/index.js';
import type { DataFingerprint } from './ports.js';

export type StageName = 'prepare' | 'enrich' | 'profiles' | 'train' | 'evaluate' | 'promote';

export const STAGES: readonly StageName[] = ['prepare', 'enrich', 'profiles', 'train', 'evaluate', 'promote'];

export type StepStatus = 'ok' | 'skipped' | 'failed';

export interface StepError {
  code: string;
  message: string;
}

/**
 * One model job's part of the train, evaluate or promote stage; in the enrich stage, the whole of an enrichment
 * job (details `{ train, evaluate, promote }`, as far as it got).
 */
export interface JobStep {
  job: string;
  status: StepStatus;
  /** Why it was skipped. */
  reason?: string;
  error?: StepError;
  seconds: number;
  details: Record<string, unknown>;
}

export interface StageReport {
  stage: StageName;
  /** `failed` when the stage or any of its jobs failed; `skipped` when it (or every job) was. */
  status: StepStatus;
  reason?: string;
  error?: StepError;
  seconds: number;
  details: Record<string, unknown>;
  /** enrich, train, evaluate and promote: one step per model job. */
  jobs?: JobStep[];
}

/** What one pipeline run did, stage by stage: JSON, so it crosses threads and goes out on the API as it is. */
export interface PipelineReport {
  /** No stage failed. */
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  options: { asOf: string | null; force: boolean; seed: string };
  /** The data the run saw (null when it could not be read). */
  data: DataFingerprint | null;
  stages: StageReport[];
  /** What the run wrote: whether it rebuilt the profiles, the versions it registered and those that went live. */
  changed: { profiles: boolean; registered: string[]; promoted: string[] };
}

/** Where a run is, for progress displays: the stage, the model job, and what it is doing. */
export interface PipelineProgress {
  stage: StageName;
  job?: string;
  step: string;
  /** Rows or items the step has got through, when it counts them. */
  done?: number;
  /** The stage has finished: its report. */
  finished?: StageReport;
}

/** An error as a report shows it: its stable code, or `internal_error` for a bug. */
export function stepError(error: unknown): StepError {
  if (isAppError(error)) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}

/** The status of a stage made of job steps. */
export function stageStatus(jobs: readonly JobStep[]): { status: StepStatus; reason?: string } {
  if (jobs.length === 0) return { status: 'skipped', reason: 'no model jobs' };
  if (jobs.some((j) => j.status === 'failed')) return { status: 'failed' };
  if (jobs.every((j) => j.status === 'skipped')) {
    const reasons = [...new Set(jobs.map((j) => j.reason ?? ''))];
    if (reasons.every((r) => r.startsWith('up to date')))
      return { status: 'skipped', reason: 'every model is up to date' };
    return {
      status: 'skipped',
      reason: reasons.length === 1 ? (reasons[0] as string) : 'every job was skipped',
    };
  }
  return { status: 'ok' };
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** Seconds since a `performance.now()` reading, to the millisecond. */
export function secondsSince(start: number): number {
  return round((performance.now() - start) / 1000);
}
