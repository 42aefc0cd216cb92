/**
 * Panels beside the player (the live chat of issue 15 mounts here). A panel registers itself
 * before the page starts; the page shows the side column only when one is registered, so the
 * player alone takes the whole width.
 */
export interface WatchContext {
  readonly slug: string;
  readonly language: 'en' | 'fr';
  /**
   * The viewer's current play token: proves to the engine which output (and link) this page
   * watches. Other modules check it with the outputs port's `verifyViewerToken`. It changes
   * every renewal: ask again rather than keeping it.
   */
  viewerToken(): string | null;
}

export interface WatchPanel {
  readonly id: string;
  mount(host: HTMLElement, context: WatchContext): void;
}

const panels: WatchPanel[] = [];

export function registerPanel(panel: WatchPanel): void {
  if (panels.some((p) => p.id === panel.id)) throw new Error(`A watch panel "${panel.id}" is already registered.`);
  panels.push(panel);
}

export function mountPanels(side: HTMLElement, context: WatchContext): void {
  for (const panel of panels) {
    const host = document.createElement('section');
    host.className = 'panel';
    host.dataset.panel = panel.id;
    side.append(host);
    panel.mount(host, context);
  }
  side.hidden = panels.length === 0;
}
