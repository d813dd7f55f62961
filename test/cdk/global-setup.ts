// Builds the CDK package once for the run: its assets (the bundle in dist/, which `npm test` builds
// first, and the template derived from template.yaml) and lib/ (what the example app imports).
import { buildAssets, buildLib } from '../../cdk/scripts/build.mjs';

export default async function setup() {
  buildAssets();
  await buildLib();
}
