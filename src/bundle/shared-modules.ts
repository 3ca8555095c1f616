/**
 * The modules the drop-in bundle lends to its on-demand element chunks, so a chunk carries
 * its own code only, not a second lit (18 KB) or a second copy of the display's words.
 * The chunks are built with these imports pointed at this global (scripts/build-bundle.mjs,
 * `SHARED_MODULES` there: the same keys; test/node/bundle-budget.test.ts checks both lists
 * agree). Keys are bare package names, or paths under `src/`.
 *
 * Everything here is in the bundle before the first bill anyway (the elements shown at once
 * use it); a module only a chunk needs is better left in that chunk.
 */
import * as context from '@lit/context';
import * as lit from 'lit';
import * as decorators from 'lit/decorators.js';
import * as repeat from 'lit/directives/repeat.js';
import * as clockController from '../components/clock-controller.js';
import * as displayElement from '../components/display-element.js';
import * as format from '../components/format.js';
import * as strings from '../components/strings.js';
import * as themeStyles from '../components/theme.styles.js';
import * as define from '../define.js';
import * as displayContext from '../sync/display-context.js';
import * as displayEvents from '../sync/display-events.js';
import * as displayState from '../sync/display-state.js';

export const SHARED_GLOBAL = '__posCustomerDisplayShared';

const SHARED: Record<string, object> = {
  '@lit/context': context,
  lit,
  'lit/decorators.js': decorators,
  'lit/directives/repeat.js': repeat,
  'src/components/clock-controller.ts': clockController,
  'src/components/display-element.ts': displayElement,
  'src/components/format.ts': format,
  'src/components/strings.ts': strings,
  'src/components/theme.styles.ts': themeStyles,
  'src/define.ts': define,
  'src/sync/display-context.ts': displayContext,
  'src/sync/display-events.ts': displayEvents,
  'src/sync/display-state.ts': displayState,
};

(window as unknown as Record<string, unknown>)[SHARED_GLOBAL] = SHARED;
