/** The display checks in WebKitGTK (WebKitWebDriver, under a private Xvfb), with each build. */
import { describeDisplayScenario } from '../support/display-scenario.js';
import { webkit } from '../support/engines.js';

describeDisplayScenario(webkit, { expectBuild: 'customer-display.js' });
// The legacy build in JavaScriptCore: the down-levelled classes, decorators and fields run
// in the engine of Safari 12 / iOS 12 WebViews too (the script tag names it directly).
describeDisplayScenario(webkit, {
  title: 'display end to end in WebKitGTK, legacy build',
  script: 'customer-display.legacy.js',
  expectBuild: 'customer-display.legacy.js',
});
