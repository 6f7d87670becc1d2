/**
 * A secret typed at the console, a Stripe key or a staff PIN: masked, never offered for autofill,
 * never sent to a spell checker; a PIN brings up the number pad.
 */
export function SecretInput(props: {
  id: string;
  kind: 'key' | 'pin';
  value: string;
  onChange: (value: string) => void;
  name?: string;
  placeholder?: string;
  testId?: string;
}) {
  return (
    <input
      id={props.id}
      name={props.name}
      type="password"
      inputMode={props.kind === 'pin' ? 'numeric' : undefined}
      autoComplete="off"
      spellCheck={false}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      placeholder={props.placeholder}
      data-testid={props.testId}
    />
  );
}
