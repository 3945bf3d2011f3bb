// Validates every manifest in the given folders against the Kubernetes (kubernetes-models, 1.27 schemas) and KEDA
// (@kubernetes-models/keda) JSON schemas, and a kustomization's resource list against the files beside it.
//   node validate.mjs ../kubernetes
// Prints one line per object; exits 1 on the first folder with a problem, naming file, object and schema error.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const MODULES = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};
const KUSTOMIZE = 'kustomize.config.k8s.io/v1beta1';

async function validate(doc, where) {
  const { apiVersion, kind } = doc;
  if (apiVersion === KUSTOMIZE && kind === 'Kustomization') return;
  const module = MODULES[apiVersion];
  if (!module) throw new Error(`${where}: apiVersion ${apiVersion} is not one this validator knows`);
  const models = await import(module);
  const Model = models[kind];
  if (!Model) throw new Error(`${where}: ${apiVersion} has no kind ${kind}`);
  new Model(doc).validate();
  if (!doc.metadata || !doc.metadata.name) throw new Error(`${where}: metadata.name is missing`);
}

let problems = 0;
for (const dir of process.argv.slice(2)) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  if (files.length === 0) throw new Error(`${dir}: no manifests`);
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
    for (const [i, parsed] of docs.entries()) {
      if (parsed.errors.length) {
        console.log(`FAIL ${file}#${i}: ${parsed.errors[0].message}`);
        problems++;
        continue;
      }
      const doc = parsed.toJS();
      if (doc === null) continue;
      const where = `${file}#${i} ${doc.kind}/${doc.metadata && doc.metadata.name}`;
      try {
        await validate(doc, where);
        if (doc.kind === 'Kustomization') {
          for (const r of doc.resources || []) {
            if (!existsSync(join(dir, r))) throw new Error(`${where}: resource ${r} does not exist`);
          }
        }
        console.log(`ok ${where}`);
      } catch (e) {
        console.log(`FAIL ${where}: ${e.message}`);
        problems++;
      }
    }
  }
}
process.exit(problems === 0 ? 0 : 1);
