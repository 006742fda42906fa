// yaml-language-server's validation, driven in-process through its language service API (the
// same code path its LSP server runs for textDocument/publishDiagnostics).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function createYamlLanguageServer(schema) {
  const { getLanguageService } = require('yaml-language-server');
  const { TextDocument } = require('vscode-languageserver-textdocument');
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`no schema download in the bench: ${uri}`)),
    workspaceContext: { resolveRelativePath: (relative) => relative },
  });
  service.configure({ validate: true, hover: false, completion: false, schemas: [{ uri: 'file:///pipeline.schema.json', fileMatch: ['*.yaml'], schema }] });
  let version = 0;
  return {
    /** Validates `text` as a new version of one document (so no cached parse is reused); resolves to the diagnostic count. */
    async validate(text) {
      const document = TextDocument.create('file:///bench/mlops.yaml', 'yaml', ++version, text);
      const diagnostics = await service.doValidation(document, false);
      return diagnostics.length;
    },
  };
}
