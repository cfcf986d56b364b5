/**
 * Mermaid's own parser, loaded for tests: `mermaid` (a root devDependency) with a minimal DOM from
 * `happy-dom`, since mermaid sanitises labels with DOMPurify. Returns undefined, with the reason,
 * when either cannot be loaded, so that tests can say SKIP instead of failing.
 */
export type Parse = (text: string) => Promise<unknown>;

let loaded: Promise<{ parse?: Parse; reason?: string }> | undefined;

export function loadMermaid(): Promise<{ parse?: Parse; reason?: string }> {
  loaded ??= (async () => {
    try {
      const { Window } = await import('happy-dom');
      const window = new Window();
      const g = globalThis as Record<string, unknown>;
      g['window'] ??= window;
      g['document'] ??= window.document;
      const mermaid = (await import('mermaid')).default;
      return { parse: (text: string) => mermaid.parse(text) };
    } catch (error) {
      return { reason: error instanceof Error ? error.message : String(error) };
    }
  })();
  return loaded;
}

/** Every ```mermaid block of a Markdown text, with the line it starts on. */
export function mermaidBlocks(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```mermaid') continue;
    const end = lines.indexOf('```', i + 1);
    out.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return out;
}
