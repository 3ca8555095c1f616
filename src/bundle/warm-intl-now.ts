/** The bundle's first statement: the Intl warm-up (warm-intl.ts), unless the auto loader started it. */
import { warmIntlOffMainThread } from './warm-intl.js';

warmIntlOffMainThread();
