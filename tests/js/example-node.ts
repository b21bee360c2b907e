// The README's Node example, typed: checked by tsconfig.node.json (Node
// types, no DOM) and run as JavaScript by arguments.test.mjs.
import init, { Catalogue, type SearchResults } from "../../pkg/index.js";
import { readFile } from "node:fs/promises";

export async function nodeExample(path: string): Promise<number> {
  await init(); // in Node: reads matter_search_bg.wasm from next to the package
  const cat = new Catalogue(await readFile(path)); // a Buffer is a Uint8Array
  const res: SearchResults = cat.search("两用物项", { limit: 3 });
  cat.free();
  return res.total;
}
