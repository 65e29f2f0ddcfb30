// Package geo draws the region's map in braille: the embedded country
// outlines (outlines_gen.go, written by tools/genmap from Natural Earth), a
// projection fitted to a box of the region, a braille canvas, and a label
// placement that never overlaps. The projection and the rasterised
// outlines are computed once per size and view; a frame only copies them
// and draws the data's lines, points and labels on top.
package geo

// Country is one country's outline: rings of lon, lat pairs (degrees).
type Country struct {
	ISO3, ISO2, Name string
	Rings            [][]float32
}

// Countries are the embedded outlines, sorted by name. Read-only.
func Countries() []Country { return outlines }
