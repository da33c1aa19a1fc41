// typedoc for @nova-corrente/components (npm run docs): the element classes, their event detail
// types and the documented helpers. The Lit/CEM block tags are declared so typedoc does not warn.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: ['src/index.ts'],
  tsconfig: 'tsconfig.json',
  name: '@nova-corrente/components',
  readme: 'none',
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  // LitElement's own members (inherited by every element) are documented by Lit, not here.
  excludeExternals: true,
  blockTags: [...OptionDefaults.blockTags, '@fires', '@csspart', '@cssproperty', '@tagname', '@summary', '@slot'],
  // Off here (on for core): the elements' static `styles` inherit Lit's comment, whose {@link css}
  // points into Lit, and the drawing helpers reference scale/frame types kept internal.
  validation: { notExported: false, invalidLink: false, notDocumented: false },
  treatWarningsAsErrors: true,
  disableSources: true,
};
