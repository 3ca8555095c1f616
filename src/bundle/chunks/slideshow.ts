/** `dist/customer-display.slideshow.js`: `<idle-slideshow>`, when a `<customer-display>` has slides to show while idle. */
import '../../components/idle-slideshow/idle-slideshow.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('slideshow', {});
