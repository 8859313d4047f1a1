/**
 * The registry of stable error codes. Each code maps to an HTTP status and a default message.
 * `docs/errors.md` is generated from this table (`npm run docs:errors`); a test fails when it is stale.
 */
export const errorCodes = {
  // request shape
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  invalid_request: { status: 400, message: 'The request does not match the expected shape.' },
  invalid_query: { status: 400, message: 'A query parameter is invalid.' },
  invalid_cursor: { status: 400, message: 'The pagination cursor is malformed.' },
  payload_too_deep: { status: 400, message: 'The payload nests objects or arrays too deeply.' },
  event_too_large: { status: 413, message: 'An event is larger than the 32 KB limit.' },
  batch_too_large: { status: 413, message: 'A batch request is larger than the 500 KB limit.' },
  body_too_large: { status: 413, message: 'The request body is too large.' },
  // event contract
  invalid_event: { status: 400, message: 'The event does not match the Segment spec.' },
  missing_identity: { status: 400, message: 'An event needs a userId or an anonymousId.' },
  invalid_timestamp: { status: 400, message: 'A timestamp is not a valid ISO-8601 date.' },
  invalid_event_type: {
    status: 400,
    message: 'The event type is not one of track, identify, page, screen, group, alias.',
  },
  empty_batch: { status: 400, message: 'The batch holds no events.' },
  // auth
  missing_credentials: { status: 401, message: 'Send the key as HTTP Basic user name or as a Bearer token.' },
  invalid_credentials: { status: 401, message: 'The key is unknown or revoked.' },
  insufficient_scope: { status: 403, message: "The key's scope does not allow this operation." },
  invalid_login_token: { status: 401, message: 'The login link is unknown, used or expired.' },
  // resources
  not_found: { status: 404, message: 'No such route or resource.' },
  key_not_found: { status: 404, message: 'No API key with that id.' },
  profile_not_found: { status: 404, message: 'No profile for that id, identity or email.' },
  method_not_allowed: { status: 405, message: 'The method is not allowed on this route.' },
  item_not_found: { status: 404, message: 'No product with that id in the catalogue.' },
  invalid_model_artifact: {
    status: 500,
    message: 'The stored model version cannot be used; retrain it or roll back to another version.',
  },
  recommender_not_trained: {
    status: 503,
    message: 'No recommender version is active yet; the pipeline trains one (rapport pipeline run).',
  },
  rate_limited: { status: 429, message: 'Too many requests.' },
  // segments
  invalid_segment_rule: {
    status: 400,
    message: 'The segment rule is invalid; details.problems lists every problem with its path.',
  },
  invalid_segment_file: { status: 400, message: 'The segment file cannot be read or is not JSON.' },
  segment_not_found: { status: 404, message: 'No segment with that id.' },
  segment_name_taken: { status: 409, message: 'Another segment already has that name.' },
  segment_not_rule_based: {
    status: 409,
    message: 'The segment is not defined by a rule; the job that builds it keeps it up to date.',
  },
  // models
  model_not_found: { status: 404, message: 'No model version with that id, name or name@version.' },
  model_already_active: { status: 409, message: 'That model version is already the active one.' },
  model_rollback_unavailable: {
    status: 409,
    message: 'There is no earlier version of the model to roll back to.',
  },
  // import
  import_file_not_found: { status: 400, message: 'The import file does not exist or cannot be read.' },
  import_file_unreadable: {
    status: 400,
    message: 'The import file could not be read to the end (truncated or corrupt).',
  },
  invalid_import_options: { status: 400, message: 'The import options are inconsistent.' },
  unknown_preset: { status: 400, message: 'No import preset with that name.' },
  // model training and evaluation
  embedding_failed: {
    status: 502,
    message: 'The embedding service failed or returned vectors that cannot be used.',
  },
  encoder_not_found: {
    status: 400,
    message: 'The encoder folder does not exist or is not a folder.',
  },
  invalid_encoder: {
    status: 400,
    message:
      'The encoder folder cannot be used: model.onnx or tokenizer.json is missing or malformed, or the model does not take input_ids or give [batch, dims] or [batch, tokens, dims] vectors.',
  },
  encoder_runtime_unavailable: {
    status: 503,
    message:
      'The local encoder runtime (onnxruntime-node, @huggingface/tokenizers) is not installed or cannot load.',
  },
  training_failed: {
    status: 500,
    message: 'Training stopped: a training thread failed or could not start.',
  },
  invalid_training_data: {
    status: 400,
    message:
      'The data cannot be used for training (empty, unreadable, or a column holds values of the wrong type).',
  },
  invalid_target: {
    status: 400,
    message: 'The target column is missing, or it does not hold both classes in the training rows.',
  },
  invalid_split: { status: 400, message: 'The split specification is invalid or does not fit the data.' },
  // pipeline
  pipeline_running: {
    status: 409,
    message: 'A pipeline run is in progress; wait for it to finish (GET /v1/pipeline shows where it is).',
  },
  pipeline_unavailable: {
    status: 503,
    message: 'The pipeline cannot run here: its worker thread cannot open a private in-memory database.',
  },
  // llm
  llm_not_configured: {
    status: 503,
    message: 'No LLM provider is configured; set RAPPORT_LLM_BASE_URL and RAPPORT_LLM_MODEL.',
  },
  llm_check_failed: { status: 502, message: 'A required capability of the LLM provider failed its probe.' },
  prompt_template_not_found: { status: 500, message: 'No prompt template with that name.' },
  invalid_prompt_template: { status: 500, message: 'A prompt template file is malformed.' },
  // config and infrastructure
  invalid_config: { status: 500, message: 'The configuration is invalid.' },
  unsupported_database_url: {
    status: 500,
    message: 'RAPPORT_DATABASE_URL must start with sqlite: or postgres://.',
  },
  unsafe_test_database: {
    status: 500,
    message: "Tests refuse a database whose name does not contain 'test'.",
  },
  invalid_secret_key: { status: 500, message: 'RAPPORT_SECRET_KEY must be 32 bytes, hex or base64 encoded.' },
  decryption_failed: {
    status: 500,
    message: 'An encrypted field could not be decrypted with the configured key.',
  },
  storage_unavailable: { status: 503, message: 'The store is not reachable.' },
  shutting_down: { status: 503, message: 'The server is shutting down.' },
  internal_error: { status: 500, message: 'An unexpected error occurred.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
