/** The display checks in WebKitGTK (WebKitWebDriver, under a private Xvfb). */
import { describeDisplayScenario } from '../support/display-scenario.js';
import { webkit } from '../support/engines.js';

describeDisplayScenario(webkit, { expectBuild: 'customer-display.js' });
