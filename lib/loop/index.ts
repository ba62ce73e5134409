export * from './schemas';
export * from './calendar';
export * from './policy';
export * from './routing';
export * from './format';
export * from './open-loop';
export * from './fold';
export * from './next-action';
