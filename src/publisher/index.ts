/** The cashier side: the publisher and the modal mirror. */
export { createDisplayPublisher, type CommandInput, type DisplayPublisher, type DisplayPublisherOptions, type PublishFailure, type PublishResult, type SendOptions } from './publisher.js';
export { mirrorModals, serializeWithFormState, type MirrorOptions } from './mirror-modals.js';
export { openCustomerDisplay, type OpenedDisplay } from './open-display.js';
