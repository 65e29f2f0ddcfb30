package data

import _ "embed"

//go:embed schema/eaeu-indicators-1.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of eaeu-indicators/1, for
// editors. The loader checks more than the schema can (references, unique
// ids, point order, calendar dates). The result is a copy.
func Schema() []byte { return append([]byte(nil), schemaJSON...) }
