/**
 * An EventSource for Node tests of the display's connections: records every one opened
 * (`FakeEventSource.opened`, reset by the test), and the test delivers events (`emit`) and
 * failures (`onerror`, with `readyState` CONNECTING for a network error the browser would
 * retry, CLOSED for an HTTP error) by hand.
 */
export class FakeEventSource {
  static opened: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, Set<(event: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent) => void) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(listener);
  }
  removeEventListener(name: string, listener: (event: MessageEvent) => void) {
    this.listeners.get(name)?.delete(listener);
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
  /** Delivers an event to every listener of `name`, as the browser would. */
  emit(name: string, data: string, lastEventId = '') {
    for (const listener of this.listeners.get(name) ?? []) listener({ type: name, data, lastEventId } as MessageEvent);
  }
}
