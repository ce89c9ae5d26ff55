// A labelled one-line text input, the way every form in the wizard asks for a path, size or address.

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  type?: 'text' | 'url';
  disabled?: boolean;
  invalid?: boolean;
  onBlur?(): void;
}

export function TextField({
  label,
  value,
  onChange,
  placeholder,
  type = 'text',
  disabled,
  invalid,
  onBlur,
}: TextFieldProps) {
  return (
    <label className="field">
      {label}
      <input
        type={type}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={invalid}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </label>
  );
}
