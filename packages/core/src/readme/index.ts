/**
 * README rendering: Handlebars templates (Markdown only) over the model and the rendered layout,
 * so tables, graphs and commands cannot drift from what is deployed. Split by concern: layout.ts
 * reads the rendered tree, commands.ts derives commands, graph.ts and ../docs.ts draw diagrams,
 * topics.ts gathers what components contribute, cluster.ts and component.ts are the two views.
 */
import { Memo } from '../memo.js';
import type { ClusterModel } from '../model.js';
import { clusterView } from './cluster.js';
import { componentView } from './component.js';
import { readLayout, type Documents } from './layout.js';
import { finish, template } from './markdown.js';

const clusterTemplate = template('cluster');
const componentTemplate = template('component');
const componentNotice = template('component-notice');

/**
 * Each component README below its notice, by the exact data of its view, up to 8 M characters: a
 * component configured alike in the clusters of a fleet gets the same README, rendered once.
 */
const componentBodies = new Memo<string>(8 * 1024 * 1024, (text) => text.length);

/** Renders `README.md` and every `<component>/README.md` from the model and the rendered documents. */
export function renderReadmes(model: ClusterModel, documents: Documents): Map<string, string> {
  const layouts = readLayout(model, documents);
  const files = new Map<string, string>();
  files.set('README.md', finish(clusterTemplate(clusterView(model, layouts)), 'README.md'));
  for (const c of model.components) {
    const path = `${c.name}/README.md`;
    const view = componentView(model, c, layouts.get(c.name)!);
    const body = componentBodies.get(view, () => finish(componentTemplate(view), path), path);
    files.set(path, `${componentNotice({ name: c.spec.name, cluster: model.name, source: model.source }).trim()}\n${body}`);
  }
  return files;
}
