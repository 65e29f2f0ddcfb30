package ui

// Rendered parts that the sessions of one server share through the
// FrameCache, besides whole frames and cards: each is keyed by everything
// it is drawn from, the look included, so a session only ever gets what it
// would have drawn itself.

// sharedRowKey is a table row of a look. The row is plain text now (the
// selection is styled around it), but a row that gets colours one day
// must not show in another look.
type sharedRowKey struct {
	rowKey
	look lookKey
}

// sharedChartKey is a chart (charts view or detail) of a look.
type sharedChartKey struct {
	chartKey
	look lookKey
}

// sharedDetailKey is the content of a detail view of a look.
type sharedDetailKey struct {
	detailKey
	look lookKey
}

// Bounds of the shared parts: a few
// screens of rows, a few dozen charts and details for every look and size
// in the audience. The byte bounds are for clients that claim huge windows.
const (
	sharedRowEntries    = 8192
	sharedRowBytes      = 4 << 20
	sharedChartEntries  = 256
	sharedChartBytes    = 8 << 20
	sharedDetailEntries = 128
	sharedDetailBytes   = 8 << 20
)

// linesSize is the bytes a []string value holds.
func linesSize(lines []string) int {
	n := 24 // the slice header
	for _, l := range lines {
		n += 16 + len(l)
	}
	return n
}
