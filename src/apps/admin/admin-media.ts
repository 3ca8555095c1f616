import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { defineElement } from '../../define.js';
import { adminSectionStyles } from './admin-section.styles.js';
import { formatBytes, MediaClient, MediaError, UPLOAD_ACCEPT, uploadName, type EditedConfig, type MediaFile, type MediaListing } from './media-client.js';

/** An upload under way or refused, shown until the next pick. */
interface Upload {
  name: string;
  fraction: number;
  error?: string;
}

/** Why a refusal happened, in the owner's words. */
function refusalText(error: unknown): string {
  if (!(error instanceof MediaError)) return (error as Error).message;
  switch (error.status) {
    case 400:
      return `Not taken: ${error.message}`;
    case 413:
      return `Too large: ${error.message}`;
    case 415:
      return 'Not a picture or video the screens can show (JPEG, PNG, WebP, GIF, SVG, MP4 or WebM)';
    case 412:
      return 'Someone changed the settings meanwhile: the list was reloaded, try again';
    default:
      return error.message;
  }
}

/**
 * The admin page's Media section: the shop's pictures and videos (the hub's `--media`
 * folder) with thumbnails, sizes and the budget used; upload (several at once, with
 * progress), rename, delete, and the slideshow's order (up/down, saved as the
 * configuration's `slides` list). Screens pick every change up without a reload.
 *
 * @tag admin-media
 * @summary The admin page's media library and slideshow order.
 */
export class AdminMedia extends LitElement {
  static override styles = [
    adminSectionStyles,
    css`
      :host {
        grid-column: 1 / -1;
      }
      .card {
        padding: 0.75rem;
        margin-bottom: 0.5rem;
      }
      .muted {
        font-size: 0.9rem;
      }
      .file-error {
        grid-column: 1 / -1;
        margin: 0;
      }
      button,
      .pick {
        padding: 0 0.9rem;
      }
      .pick {
        min-height: 44px;
        min-width: 44px;
        border-radius: 0.5rem;
        border: 1px solid var(--_border);
        font: inherit;
        cursor: pointer;
      }
      button:focus-visible,
      .pick:focus-within,
      input:focus-visible {
        outline: 3px solid var(--_accent);
        outline-offset: 2px;
      }
      .pick {
        display: inline-flex;
        align-items: center;
        background: var(--_accent);
        border-color: transparent;
        color: #fff;
        font-weight: 600;
      }
      .pick input {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .danger {
        color: var(--_danger);
      }
      .budget {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
      }
      .budget meter {
        flex: 1 1 8rem;
        height: 0.75rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li.file {
        display: grid;
        grid-template-columns: 4.5rem 1fr;
        gap: 0.5rem 0.75rem;
        align-items: center;
      }
      .thumb {
        width: 4.5rem;
        height: 4.5rem;
        border-radius: 0.5rem;
        object-fit: cover;
        background: #0f172a;
        display: block;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .actions form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        width: 100%;
      }
      .actions input {
        flex: 1 1 10rem;
        min-height: 44px;
        padding: 0 0.6rem;
        border-radius: 0.5rem;
        border: 1px solid var(--_border);
        font: inherit;
      }
      progress {
        width: 100%;
      }
      .badge {
        display: inline-block;
        padding: 0 0.5rem;
        border-radius: 1rem;
        background: #e7efe9;
        font-size: 0.8rem;
      }
    `,
  ];

  /** Hub base URL; `''`: the page's own origin. */
  @property() src = '';

  /** The admin token (the page signed in with it). */
  @property({ attribute: false }) token = '';

  @state() private listing: MediaListing | null = null;
  /** The configuration's slides list (null: none, the folder order plays) and logo. */
  @state() private config: EditedConfig | null = null;
  @state() private uploads: Upload[] = [];
  @state() private message = '';
  /** A refused rename, move or delete, shown on its file's card (where the owner's thumb is), not at the top. */
  @state() private fileMessage: { name: string; text: string } | null = null;
  /** `no_media_folder`: the hub was started without `--media`. */
  @state() private unavailable = '';
  /** The file whose rename form is open. */
  @state() private renaming: string | null = null;
  private etag = '';

  private get client(): MediaClient {
    return new MediaClient(this.src, this.token);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the folder and the configuration again (after every change). */
  async reload(): Promise<void> {
    try {
      this.listing = await this.client.list();
      this.unavailable = '';
    } catch (error) {
      if (error instanceof MediaError && error.code === 'no_media_folder') this.unavailable = error.message;
      else this.message = refusalText(error);
      return;
    }
    try {
      const { config, etag } = await this.client.readConfig();
      this.config = config;
      this.etag = etag;
    } catch {
      // No --config (or an invalid one): the folder order plays, and the order cannot be saved.
      this.config = null;
      this.etag = '';
    }
  }

  /** The slideshow as the screens play it: the slides list, else the folder (logo left out). */
  private showOrder(): string[] {
    const media = this.listing?.media ?? [];
    if (this.config?.slides) return this.config.slides.map((slide) => slide.src).filter((src) => media.some((file) => file.name === src));
    return media.filter((file) => file.name !== this.config?.logo).map((file) => file.name);
  }

  protected override render() {
    return html`<h2 id="media-title">Media</h2>
      ${this.unavailable ? html`<div class="card muted">${this.unavailable}</div>` : this.renderLibrary()}`;
  }

  private renderLibrary() {
    const listing = this.listing;
    if (!listing) return html`<div class="card muted">Loading…</div>`;
    const order = this.showOrder();
    const inShow = order.map((name) => listing.media.find((file) => file.name === name)!);
    const others = listing.media.filter((file) => !order.includes(file.name));
    return html`<div class="card budget">
        <label class="pick"
          >Upload pictures or videos
          <input type="file" multiple accept=${UPLOAD_ACCEPT} @change=${this.picked} />
        </label>
        <meter min="0" max=${listing.budget_bytes} .value=${listing.used_bytes} aria-label="Media storage used"></meter>
        <span class="muted">${formatBytes(listing.used_bytes)} of ${formatBytes(listing.budget_bytes)} used · up to ${formatBytes(listing.file_max_bytes)} a file</span>
      </div>
      ${this.uploads.length ? this.renderUploads() : nothing}
      ${this.message ? html`<div class="card error" role="alert">${this.message}</div>` : nothing}
      <h3 class="muted">Slideshow (${inShow.length})</h3>
      ${inShow.length ? html`<ul aria-label="Slideshow order">${repeat(inShow, (file) => file.name, (file, index) => this.renderFile(file, index, inShow.length))}</ul>` : html`<div class="card muted">No pictures yet: upload some, they play on the screens between customers.</div>`}
      ${others.length
        ? html`<h3 class="muted">Not in the slideshow (${others.length})</h3>
            <ul aria-label="Not in the slideshow">${repeat(others, (file) => file.name, (file) => this.renderFile(file, null, 0))}</ul>`
        : nothing}`;
  }

  private renderUploads() {
    return html`<ul class="card" aria-label="Uploads">
      ${this.uploads.map(
        (upload) =>
          html`<li>
            <span class="name">${upload.name}</span>
            ${upload.error
              ? html`<p class="error" role="alert">${upload.error}</p>`
              : html`<progress max="1" .value=${upload.fraction} aria-label=${`Uploading ${upload.name}`}></progress>`}
          </li>`,
      )}
    </ul>`;
  }

  private renderFile(file: MediaFile, index: number | null, count: number) {
    const url = `${this.src.replace(/\/+$/, '')}/media/${encodeURIComponent(file.name)}?v=${file.modified}`;
    const thumb = file.type.startsWith('video/')
      ? html`<video class="thumb" src=${url} muted playsinline preload="metadata" aria-hidden="true"></video>`
      : html`<img class="thumb" src=${url} alt="" loading="lazy" />`;
    const isLogo = file.name === this.config?.logo;
    return html`<li class="card file" data-media=${file.name}>
      ${thumb}
      <div>
        <div class="name">${file.name}</div>
        <div class="muted">${formatBytes(file.bytes)} · ${file.type.split('/')[0]}${isLogo ? html` · <span class="badge">logo</span>` : nothing}</div>
      </div>
      <div class="actions">
        ${this.renaming === file.name ? this.renderRename(file) : this.renderActions(file, index, count)}
      </div>
      ${this.fileMessage?.name === file.name ? html`<p class="error file-error" role="alert">${this.fileMessage.text}</p>` : nothing}
    </li>`;
  }

  private renderActions(file: MediaFile, index: number | null, count: number) {
    const canOrder = this.etag !== '';
    return html`${index !== null
        ? html`<button ?disabled=${!canOrder || index === 0} aria-label=${`Move ${file.name} earlier`} @click=${() => this.move(file.name, -1)}>↑</button>
            <button ?disabled=${!canOrder || index === count - 1} aria-label=${`Move ${file.name} later`} @click=${() => this.move(file.name, 1)}>↓</button>`
        : canOrder && !file.type.startsWith('text/')
          ? html`<button @click=${() => this.addToShow(file.name)}>Add to slideshow</button>`
          : nothing}
      <button @click=${() => (this.renaming = file.name)}>Rename</button>
      <button class="danger" @click=${() => this.deleteFile(file.name)}>Delete</button>`;
  }

  private renderRename(file: MediaFile) {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
      // Tidied as an upload's name is ("Promo Lebaran" → "Promo-Lebaran.jpg"): a phone's keyboard adds spaces.
      const typed = input.value.trim();
      const to = typed && uploadName(typed.includes('.') ? typed : typed + file.name.slice(file.name.lastIndexOf('.')), file.type);
      this.renaming = null;
      if (to && to !== file.name) void this.run(() => this.client.rename(file.name, to), file.name);
    };
    return html`<form @submit=${submit}>
      <input name="name" .value=${file.name} aria-label=${`New name for ${file.name}`} required maxlength="100" autocomplete="off" spellcheck="false" />
      <button class="pick">Save</button>
      <button type="button" @click=${() => (this.renaming = null)}>Cancel</button>
    </form>`;
  }

  /** Runs a change, then reads the folder again; a refusal is shown. */
  private async run(change: () => Promise<unknown>, file?: string): Promise<void> {
    this.fileMessage = null;
    try {
      await change();
      this.message = '';
      this.changedConfig();
    } catch (error) {
      if (file) this.fileMessage = { name: file, text: refusalText(error) };
      else this.message = refusalText(error);
    }
    await this.reload();
  }

  /** The Schedule section lists the same slides and holds the same file's ETag: it reads them again. */
  private changedConfig(): void {
    this.dispatchEvent(new Event('admin-config-saved', { bubbles: true, composed: true }));
  }

  private deleteFile(name: string): void {
    if (!confirm(`Delete ${name}? Screens stop showing it.`)) return;
    void this.run(() => this.client.remove(name), name);
  }

  /** Moves a slide one place; the first move of a folder-ordered show writes the list. */
  private move(name: string, by: -1 | 1): Promise<void> {
    const order = this.showOrder();
    const from = order.indexOf(name);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return Promise.resolve();
    [order[from], order[to]] = [order[to]!, order[from]!];
    return this.saveOrder(order, name);
  }

  private addToShow(name: string): Promise<void> {
    return this.saveOrder([...this.showOrder(), name], name);
  }

  /** The slides list in this order: each slide's own settings (duration, alt, schedule) kept. */
  private saveOrder(order: string[], file?: string): Promise<void> {
    const config = this.config ?? {};
    const previous = config.slides ?? [];
    const slides = order.map((src) => previous.find((slide) => slide.src === src) ?? { src });
    return this.run(() => this.client.saveConfig({ ...config, slides }, this.etag), file);
  }

  private async picked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.uploads = files.map((file) => ({ name: uploadName(file.name, file.type), fraction: 0 }));
    const uploaded: string[] = [];
    // One after another: the budget is checked per file, and a phone's link is shared anyway.
    for (const [index, file] of files.entries()) {
      const name = this.uploads[index]!.name;
      try {
        await this.client.upload(name, file, (fraction) => this.setUpload(index, { fraction }));
        this.setUpload(index, { fraction: 1 });
        uploaded.push(name);
      } catch (error) {
        this.setUpload(index, { error: refusalText(error) });
      }
    }
    await this.reload();
    if (uploaded.length) this.changedConfig();
    // A shop with a slides list: new uploads join the end of the show.
    const fresh = uploaded.filter((name) => this.config?.slides && !this.config.slides.some((slide) => slide.src === name));
    if (fresh.length) await this.saveOrder([...this.showOrder(), ...fresh.filter((name) => !this.showOrder().includes(name))]);
    // What was taken is in the list below now; what was refused stays, with why.
    this.uploads = this.uploads.filter((upload) => upload.error);
  }

  private setUpload(index: number, change: Partial<Upload>): void {
    this.uploads = this.uploads.map((upload, i) => (i === index ? { ...upload, ...change } : upload));
  }
}

defineElement('admin-media', AdminMedia);

declare global {
  interface HTMLElementTagNameMap {
    'admin-media': AdminMedia;
  }
}
