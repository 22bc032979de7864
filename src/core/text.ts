// Message text: placeholders filled from a finding's data, control characters made visible, a
// message followed by its help.

/**
 * Fills `{name}` placeholders of a message template from the finding's data. Control characters
 * in the data (which comes from the file) are written as escapes: a line break would split a
 * finding over two lines of a line-per-finding format, an escape sequence would reach the
 * terminal, and a bidirectional control would show the text in another order than it has.
 */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_whole, key: string) => placeholderValue(key, data));
}

/** What the placeholder `{key}` renders as: the data's value, escaped as above, or the placeholder itself when there is none. */
export function placeholderValue(key: string, data: Record<string, string | number> | undefined): string {
  const value = data?.[key];
  return value === undefined ? `{${key}}` : visible(String(value));
}

/**
 * A message followed by its help, for the outputs that have room for both (SARIF, an editor that
 * shows no related information): the message as a sentence, then the help.
 */
export function messageWithHelp(message: string, help: string | undefined): string {
  const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
  return help ? `${sentence} ${help}` : sentence;
}

// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional controls that
// reorder how a line is displayed.
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text with its control characters written as escapes (\n, \t, \u001b). */
export function visible(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (character) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
