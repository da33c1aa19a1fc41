/** Registers `ctor` as `tag` unless the tag is already taken (two copies on a page don't throw). */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, ctor);
}
