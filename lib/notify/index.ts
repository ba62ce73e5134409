export * from './alert';
export * from './recipients';
export * from './due';
export * from './quiet';
export * from './plan';
export * from './text';
export * from './subject';
