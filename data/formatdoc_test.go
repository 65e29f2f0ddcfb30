package data

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// docRow is one line of a field table in docs/format.md.
type docRow struct {
	typ, required, meaning string
	line                   int
}

// docTables reads the field tables of docs/format.md: for each "## Heading"
// the rows whose first cell is a `field`.
func docTables(t *testing.T) map[string]map[string]docRow {
	t.Helper()
	b, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]map[string]docRow{}
	section := ""
	for i, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			section = strings.TrimSpace(h)
			continue
		}
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 4 {
			t.Errorf("docs/format.md:%d: want 4 cells (field, type, required, meaning): %s", i+1, line)
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if tables[section] == nil {
			tables[section] = map[string]docRow{}
		}
		if _, dup := tables[section][name]; dup {
			t.Errorf("docs/format.md:%d: %s.%s is listed twice", i+1, section, name)
		}
		tables[section][name] = docRow{
			typ:      strings.TrimSpace(cells[1]),
			required: strings.TrimSpace(cells[2]),
			meaning:  strings.TrimSpace(cells[3]),
			line:     i + 1,
		}
	}
	return tables
}

// schemaObject is the part of a JSON Schema object definition the test reads.
type schemaObject struct {
	Required   []string                  `json:"required"`
	Properties map[string]schemaProperty `json:"properties"`
}

type schemaProperty struct {
	Ref   string   `json:"$ref"`
	Type  string   `json:"type"`
	Enum  []string `json:"enum"`
	Const string   `json:"const"`
}

// docType is how docs/format.md names the type of a schema property.
func docType(p schemaProperty) []string {
	if p.Ref != "" {
		switch def := strings.TrimPrefix(p.Ref, "#/$defs/"); def {
		case "entityId":
			return []string{"entity id"}
		case "nonEmpty":
			return []string{"string"}
		default:
			return []string{def}
		}
	}
	switch p.Type {
	case "", "string":
		// a plain string in the schema may be an id the loader resolves
		return []string{"string", "entity id"}
	}
	return []string{p.Type}
}

// TestFormatDocMatchesSchema keeps docs/format.md in step with the JSON
// Schema: every object, field, required flag, type and allowed value of the
// schema is in the document's tables, and the tables list nothing else.
func TestFormatDocMatchesSchema(t *testing.T) {
	t.Parallel()
	var sch struct {
		schemaObject
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &sch); err != nil {
		t.Fatal(err)
	}
	objects := map[string]schemaObject{"Document": sch.schemaObject}
	for name, raw := range sch.Defs {
		var o schemaObject
		if err := json.Unmarshal(raw, &o); err == nil && len(o.Properties) > 0 {
			objects[strings.ToUpper(name[:1])+name[1:]] = o
		}
	}
	tables := docTables(t)
	for _, section := range sortedKeys(tables) {
		if _, ok := objects[section]; !ok {
			t.Errorf("docs/format.md: section %q has a field table, but the schema has no object %q", section, strings.ToLower(section))
		}
	}
	for _, obj := range sortedKeys(objects) {
		o, table := objects[obj], tables[obj]
		if table == nil {
			t.Errorf("docs/format.md: no field table under \"## %s\" (the schema defines that object)", obj)
			continue
		}
		for _, field := range sortedKeys(table) {
			if _, ok := o.Properties[field]; !ok {
				t.Errorf("docs/format.md:%d: %s.%s is documented but not in the schema", table[field].line, obj, field)
			}
		}
		for _, field := range sortedKeys(o.Properties) {
			p := o.Properties[field]
			row, ok := table[field]
			if !ok {
				t.Errorf("docs/format.md: %s.%s is in the schema but not documented", obj, field)
				continue
			}
			want := "no"
			if slices.Contains(o.Required, field) {
				want = "yes"
			}
			if row.required != want {
				t.Errorf("docs/format.md:%d: %s.%s required is %q, the schema says %q", row.line, obj, field, row.required, want)
			}
			types := docType(p)
			if p.Type == "array" {
				if !strings.HasPrefix(row.typ, "array of ") {
					t.Errorf("docs/format.md:%d: %s.%s type is %q, the schema says an array", row.line, obj, field, row.typ)
				}
			} else if !slices.Contains(types, row.typ) {
				t.Errorf("docs/format.md:%d: %s.%s type is %q, want one of %q (from the schema)", row.line, obj, field, row.typ, types)
			}
			for _, v := range p.Enum {
				if !strings.Contains(row.meaning, "`"+v+"`") {
					t.Errorf("docs/format.md:%d: %s.%s does not list the allowed value `%s`", row.line, obj, field, v)
				}
			}
			if n := strings.Count(row.meaning, "`"); len(p.Enum) > 0 && n != 2*len(p.Enum) {
				t.Errorf("docs/format.md:%d: %s.%s lists %d values in backquotes, the schema allows %d", row.line, obj, field, n/2, len(p.Enum))
			}
			if p.Const != "" && !strings.Contains(row.meaning, "`\""+p.Const+"\"`") {
				t.Errorf("docs/format.md:%d: %s.%s does not give its only value `\"%s\"`", row.line, obj, field, p.Const)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
