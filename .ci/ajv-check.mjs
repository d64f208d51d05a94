// Compile every JSON Schema in a folder with ajv in strict mode (a second implementation).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".json")) files.push(path);
  }
};
walk(process.argv[2]);
const schemas = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
for (const s of schemas) ajv.addSchema(s);
let failed = 0;
for (const [i, s] of schemas.entries()) {
  try {
    ajv.getSchema(s.$id) || ajv.compile(s);
  } catch (e) {
    failed += 1;
    console.error(`${files[i]}: ${e.message}`);
  }
}
console.log(`${files.length - failed} of ${files.length} schemas compile under ajv strict mode`);
process.exit(failed ? 1 : 0);
