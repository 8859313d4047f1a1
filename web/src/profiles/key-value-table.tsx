import { valueText } from './value-text';

export function KeyValueTable({
  values,
  empty,
  testId,
}: {
  values: readonly [string, unknown][];
  empty: string;
  testId: string;
}) {
  if (values.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table data-testid={testId}>
      <tbody>
        {values.map(([key, value]) => (
          <tr key={key} data-key={key}>
            <th scope="row">{key}</th>
            <td className={typeof value === 'number' ? 'num' : 'message'}>{valueText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
