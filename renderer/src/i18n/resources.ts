import en from './en.json';
import fr from './fr.json';

/**
 * The translation trees: the app's shared words (`en.json`, `fr.json`) plus one file per domain,
 * `renderer/src/<domain>/locales/{en,fr}.json`, each holding its own top-level keys (a domain's
 * name). Domains added side by side never edit the same file; a key defined twice is refused.
 */
type Tree = Record<string, unknown>;

const domainFiles = import.meta.glob<Tree>('../*/locales/*.json', { eager: true, import: 'default' });

export const LOCALE_FILES: readonly { domain: string; language: string; tree: Tree }[] = Object.entries(domainFiles).map(
  ([file, tree]) => {
    const match = /^\.\.\/([^/]+)\/locales\/([a-z]+)\.json$/.exec(file);
    if (!match) throw new Error(`Unexpected translation file ${file}`);
    return { domain: match[1] ?? '', language: match[2] ?? '', tree };
  },
);

function merged(base: Tree, language: string): Tree {
  const tree: Tree = { ...base };
  for (const file of LOCALE_FILES.filter((f) => f.language === language)) {
    for (const [key, value] of Object.entries(file.tree)) {
      if (Object.hasOwn(tree, key)) throw new Error(`Translation key "${key}" of ${file.domain} is defined twice (${language}).`);
      tree[key] = value;
    }
  }
  return tree;
}

export const TRANSLATIONS = { en: merged(en, 'en'), fr: merged(fr, 'fr') } as const;
