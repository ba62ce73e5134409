/** The rows a CSV import rejected, each with its line in the file and the reason, as plain text. */
export function RowErrors({
  errors,
  testId,
  heading: Heading,
}: {
  errors: readonly { line: number; reason: string }[];
  testId: string;
  heading: 'h3' | 'h4';
}) {
  if (errors.length === 0) return null;
  return (
    <>
      <Heading>Rows not imported</Heading>
      <ul data-testid={testId} className="errors">
        {errors.map((e) => (
          <li key={`${e.line}-${e.reason}`}>
            Line {e.line}: {e.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
