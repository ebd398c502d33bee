// The one Node API the Workers build uses (compatibility flag nodejs_als), declared here because
// the Workers typecheck does not load Node's types.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
