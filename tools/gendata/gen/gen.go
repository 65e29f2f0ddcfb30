// Package gen writes large, valid eaeu-indicators/1 datasets for
// benchmarks and tests.
package gen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// counter counts what goes through a writer.
type counter struct {
	w *bufio.Writer
	n int64
}

func (c *counter) s(parts ...string) {
	for _, p := range parts {
		c.w.WriteString(p)
		c.n += int64(len(p))
	}
}

// Generate writes a dataset of about size bytes (at least one indicator of
// some 3,000 points, whatever the size); the same seed writes the same bytes.
func Generate(w io.Writer, size int64, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 1<<20)
	c := &counter{w: bw}
	const nSources, nNodes = 200, 300
	countries := []string{"AM", "BY", "KZ", "KG", "RU", "CN", "UZ", "IR", "TR", "AZ"}
	c.s("{\n  \"format\": \"eaeu-indicators/1\",\n  \"title\": {\"en\": \"Generated benchmark dataset\", \"ru\": \"Сгенерированный набор для замеров\"},\n")
	c.s("  \"updated\": \"2026-01-31\",\n  \"sources\": [\n")
	for i := 0; i < nSources; i++ {
		sep := ","
		if i == nSources-1 {
			sep = ""
		}
		id := "src-" + strconv.Itoa(i)
		c.s("    {\"id\": \"", id, "\", \"title\": {\"en\": \"Statistical bulletin ", strconv.Itoa(i), "\", \"ru\": \"Статистический бюллетень ", strconv.Itoa(i),
			"\"}, \"publisher\": \"Publisher ", strconv.Itoa(i%17), "\", \"date\": \"2025-", fmt.Sprintf("%02d", i%12+1), "-15\", \"url\": \"https://example.org/", id, "\"}", sep, "\n")
	}
	c.s("  ],\n  \"entities\": [\n    {\"id\": \"EAEU\", \"name\": {\"en\": \"EAEU\", \"ru\": \"ЕАЭС\"}, \"kind\": \"union\", \"members\": [\"AM\", \"BY\", \"KZ\", \"KG\", \"RU\"]},\n")
	for i, cc := range countries {
		kind := "member"
		if i >= 5 {
			kind = "country"
		}
		c.s("    {\"id\": \"", cc, "\", \"name\": \"Country ", cc, "\", \"kind\": \"", kind, "\", \"lat\": ", ff(35+rng.Float64()*20, 2), ", \"lon\": ", ff(30+rng.Float64()*60, 2), "},\n")
	}
	for i := 0; i < nNodes; i++ {
		c.s("    {\"id\": \"node-", strconv.Itoa(i), "\", \"name\": {\"en\": \"Station ", strconv.Itoa(i), "\", \"ru\": \"Станция ", strconv.Itoa(i),
			"\"}, \"kind\": \"node\", \"lat\": ", ff(35+rng.Float64()*20, 3), ", \"lon\": ", ff(30+rng.Float64()*60, 3), "},\n")
	}
	for i := 0; i < 20; i++ {
		c.s("    {\"id\": \"corridor-", strconv.Itoa(i), "\", \"name\": \"Corridor ", strconv.Itoa(i), "\", \"kind\": \"corridor\", \"members\": [\"KZ\", \"RU\"], \"path\": [")
		for k := 0; k < 8; k++ {
			if k > 0 {
				c.s(", ")
			}
			c.s("\"node-", strconv.Itoa((i*8+k)%nNodes), "\"")
		}
		sep := ","
		if i == 19 {
			sep = ""
		}
		c.s("]}", sep, "\n")
	}
	c.s("  ],\n  \"indicators\": [\n")
	entities := append([]string{"EAEU"}, countries...)
	for i := 0; i < 20; i++ {
		entities = append(entities, "corridor-"+strconv.Itoa(i))
	}
	const tail = 4096 // room for the events and closing brackets
	for ind := 0; ; ind++ {
		if ind > 0 {
			c.s(",\n")
		}
		dec := rng.IntN(3)
		c.s("    {\n      \"id\": \"ind-", strconv.Itoa(ind), "\",\n      \"name\": {\"en\": \"Indicator ", strconv.Itoa(ind), "\", \"ru\": \"Показатель ", strconv.Itoa(ind),
			"\"},\n      \"topic\": \"", topic(ind), "\",\n      \"unit\": \"Mt/yr\",\n      \"series\": [\n")
		nSeries := 5 + rng.IntN(8)
		for s := 0; s < nSeries; s++ {
			if s > 0 {
				c.s(",\n")
			}
			c.s("        {\"entity\": \"", entities[(ind+s)%len(entities)], "\", \"points\": [\n")
			v := 10 + rng.Float64()*1000
			first := 1995 + rng.IntN(10)
			for y := first; y <= 2025; y++ {
				for m := 1; m <= 12; m++ {
					if y > first || m > 1 {
						c.s(",\n")
					}
					v *= 1 + (rng.Float64()-0.45)*0.05
					status := "actual"
					if y == 2025 {
						status = "estimate"
					}
					c.s("          {\"period\": \"", strconv.Itoa(y), "-", twoDigits(m), "\", \"value\": ", ff(v, dec), ", \"status\": \"", status, "\", \"source\": \"src-", strconv.Itoa(rng.IntN(nSources)), "\"")
					if rng.IntN(100) == 0 {
						c.s(", \"note\": {\"en\": \"revised figure\", \"ru\": \"уточнённые данные\"}")
					}
					c.s("}")
				}
			}
			c.s(",\n          {\"period\": \"2030\", \"value\": ", ff(v*1.5, dec), ", \"status\": \"target\", \"source\": \"src-0\"}\n        ]}")
		}
		c.s("\n      ]\n    }")
		if c.n >= size-tail {
			break
		}
	}
	c.s("\n  ],\n  \"events\": [\n")
	for i := 0; i < 30; i++ {
		sep := ","
		if i == 29 {
			sep = ""
		}
		c.s("    {\"date\": \"20", twoDigits(10+i/3), "-", twoDigits(i%12+1), "-10\", \"title\": \"Council meeting ", strconv.Itoa(i), "\", \"source\": \"src-", strconv.Itoa(i), "\", \"participants\": [{\"entity\": \"KZ\", \"person\": \"Delegate ", strconv.Itoa(i), "\"}]}", sep, "\n")
	}
	c.s("  ]\n}\n")
	return bw.Flush()
}

func ff(v float64, dec int) string { return strconv.FormatFloat(v, 'f', dec, 64) }

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func topic(i int) string {
	switch i % 9 {
	case 0:
		return "transit"
	case 1:
		return "infrastructure"
	case 2:
		return "speed"
	case 3:
		return "capacity"
	case 4:
		return "trade"
	case 5:
		return "industry"
	case 6:
		return "agriculture"
	case 7:
		return "digital"
	}
	return "other"
}
