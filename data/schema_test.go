package data

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// loaderOnly lists the bad fixtures that break a rule no JSON Schema can
// express: the schema accepts them and only the loader rejects them.
var loaderOnly = map[string]string{
	"duplicate-key":                 "encoding/json keeps the last of duplicate keys",
	"syntax-invalid-utf8":           "encoding/json replaces invalid UTF-8 silently",
	"point-value-not-finite":        "1e999 is a valid JSON number token",
	"point-period-invalid-day":      "calendar validity (February 30)",
	"source-date":                   "calendar validity (February 30)",
	"source-duplicate-id":           "unique ids",
	"entity-duplicate-id":           "unique ids",
	"indicator-duplicate-id":        "unique ids",
	"cross-file-duplicate-id":       "ids across files",
	"series-duplicate-entity":       "one series per entity",
	"sources-empty-but-cited":       "reference",
	"point-source-unknown":          "reference",
	"event-source-unknown":          "reference",
	"entity-member-unknown":         "reference",
	"entity-path-unknown":           "reference",
	"entity-path-not-node":          "reference to an entity of kind node",
	"series-entity-unknown":         "reference",
	"participant-unknown-entity":    "reference",
	"point-order":                   "point order",
	"point-duplicate-period-status": "period and status pairs",
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("eaeu-indicators-1.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("eaeu-indicators-1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// schemaAccepts validates a file, or every file of a directory.
func schemaAccepts(t *testing.T, sch *jsonschema.Schema, path string) (bool, string) {
	files := []string{path}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.json"))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return false, err.Error()
		}
		if err := sch.Validate(inst); err != nil {
			return false, err.Error()
		}
	}
	return true, ""
}

func TestSchemaAgreesWithLoader(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t)
	good, _ := filepath.Glob("testdata/good/*")
	good = append(good, "default")
	for _, p := range good {
		if ok, msg := schemaAccepts(t, sch, p); !ok {
			t.Errorf("%s: the loader accepts it but the schema rejects it: %s", p, msg)
		}
	}
	seen := map[string]bool{}
	for _, p := range badFixtures(t) {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		ok, msg := schemaAccepts(t, sch, p)
		if _, only := loaderOnly[name]; only {
			seen[name] = true
			if !ok {
				t.Errorf("%s: listed as loader-only but the schema rejects it: %s", name, msg)
			}
			continue
		}
		if ok {
			t.Errorf("%s: the loader rejects it but the schema accepts it", name)
		}
	}
	for name := range loaderOnly {
		if !seen[name] {
			t.Errorf("loader-only fixture %s does not exist", name)
		}
	}
}
