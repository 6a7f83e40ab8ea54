/** DOM look-ups the way a user (and the e2e tests) find things: by label and by text. */

export function byLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): T {
  const match = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  const id = match?.getAttribute('for');
  const control = id ? (root.querySelector(`#${CSS.escape(id)}`) as T | null) : null;
  if (!control) throw new Error(`No control labelled "${label}"`);
  return control;
}

export function queryByLabel(root: ParentNode, label: string): HTMLElement | null {
  try {
    return byLabel(root, label);
  } catch {
    return null;
  }
}

export function button(root: ParentNode, text: string): HTMLButtonElement {
  const match = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!match) throw new Error(`No button "${text}"`);
  return match;
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('blur'));
}

export function texts(root: ParentNode, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((el) => el.textContent?.trim() ?? '');
}

export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits out a Material dialog's closing animation (its `afterClosed` fires then). */
export async function dialogClosed(): Promise<void> {
  for (let i = 0; i < 40 && document.querySelector('mat-dialog-container'); i++) await wait(25);
}

export function removeOverlays(): void {
  document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
}
