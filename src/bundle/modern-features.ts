export const MODERN_FEATURES: Array<() => boolean> = [() => typeof WeakRef === 'function'];
