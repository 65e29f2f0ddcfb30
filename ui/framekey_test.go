package ui

import (
	"reflect"
	"slices"
	"testing"
)

// frameInputs decides, for every field of model, layout and Options,
// whether it can change an attached follower's frame. Such a field must be
// carried by frameKey (the value names the frameKey field that carries it);
// anything else must say why it does not change the frame. A shared frame
// built from a field left out of the key would show one viewer another
// viewer's screen, so TestFrameKeyCoversModel fails on a field that is in
// neither list.
var frameInputs = map[string]string{
	"model.dv":          "ds",   // the dataset; the view of it is per language, also keyed
	"model.st":          "look", // the styles of the look
	"model.tr":          "lang", // the words of the language
	"model.keys":        "lang", // help texts of the language
	"model.state":       "state",
	"model.w":           "w",
	"model.h":           "h",
	"model.role":        "role",
	"model.presenter":   "presenter",
	"model.audience":    "audience",
	"model.countdown":   "banner", // bannerText: the countdown comes before the banner
	"model.attached":    "attached",
	"model.unreachable": "unreachable",
	"model.notice":      "notice",
	"model.banner":      "banner",
	"model.shutdown":    "shutdown",
	"model.showHelp":    "showHelp",
	"Options.Lang":      "lang",
	"Options.Now":       "minute", // the clock: which events are past
	"layout.ovTop":      "scroll",
	"layout.tableTop":   "scroll",
	"layout.pickTop":    "scroll",
	"layout.listTop":    "scroll",
	"Options.Renderer":  "look", // its profile and background are the look
	"Options.ASCII":     "look", // ASCII glyphs are part of the look (lookOf)
	"Options.Story":     "story",
	"Options.Tour":      "tour", // the tour's mark: the key carries it as drawn
	"model.tourNext":    "tour",
	"model.tourInput":   "tour",
	"model.lastInput":   "tour", // pauses the tour (idle bookkeeping otherwise)
	"Options.Snapshot":  "snap", // the help offers ctrl+s
}

var frameExempt = map[string]string{
	"model.opts":       "its fields are listed one by one (Options.*)",
	"model.lay":        "its fields are listed one by one (layout.*)",
	"model.zoned":      "false for an attached follower (render)",
	"model.sized":      "no frame at all before the first size",
	"model.lastFollow": "the presenter's state kept for a detached follower; attached, state is it",
	"model.hasFollow":  "as lastFollow",
	"model.frame":      "the output",
	"model.cache":      "a session's caches, built from the keyed fields",
	"model.dragging":   "mouse drag in progress: a press detaches first",
	"model.dragX":      "as dragging",
	"model.told":       "what OnFollow was last told; never drawn",
	"model.quitting":   "drops keys after quit; never drawn",
	"model.dragY":      "as dragging",
	"model.stopsFor":   "the story's stop States for a dataset view: built from story and ds, both keyed",
	"model.stopCache":  "as stopsFor",
	"model.mapFor":     "the map's data for a dataset view: built from ds and lang, keyed",
	"model.mapCache":   "as mapFor",
	"model.mapBase":    "the outlines rasterised for a size and map view: built from w, h and state, keyed",
	"model.mapDraw":    "the canvas a map frame draws on, reused: an output",
	"model.mapCells":   "per cell of the map, for one frame: an output",

	"layout.bodyTop": "an output of render (sharedFrame carries it)",
	"layout.bodyH":   "an output of render (sharedFrame carries it)",
	"layout.chartW":  "an output of render (sharedFrame carries it)",
	"layout.zones":   "an output of render (sharedFrame carries the layout)",
	"layout.chart":   "an output of render (sharedFrame carries the layout)",
	"layout.tabX":    "an output of render, for the mouse",
	"layout.tabW":    "an output of render, for the mouse",
	"layout.hdr":     "an output of render, for the mouse",
	"layout.pickN":   "an output of render, for the mouse",
	"layout.cards":   "an output of render, for the mouse",
	"layout.cardW":   "an output of render, for the mouse",
	"layout.cardH":   "an output of render, for the mouse",

	"Options.Frames":      "the cache itself",
	"Options.OnState":     "called after a change; does not draw",
	"Options.IdleTimeout": "ends the program; does not draw",
	"Options.OnFollow":    "called after a change; does not draw",
	"Options.Start":       "the State to open at: it becomes state, which is keyed",
}

func TestFrameKeyCoversModel(t *testing.T) {
	t.Parallel()
	var keyFields []string
	for f := range reflect.TypeFor[frameKey]().Fields() {
		keyFields = append(keyFields, f.Name)
	}
	seen := map[string]bool{}
	for _, typ := range []reflect.Type{reflect.TypeFor[model](), reflect.TypeFor[layout](), reflect.TypeFor[Options]()} {
		for f := range typ.Fields() {
			name := typ.Name() + "." + f.Name
			seen[name] = true
			key, keyed := frameInputs[name]
			why, exempt := frameExempt[name]
			switch {
			case keyed && exempt:
				t.Errorf("%s is both in frameKey (%s) and exempt (%s): decide", name, key, why)
			case !keyed && !exempt:
				t.Errorf("%s is a new field: add it to frameKey and frameInputs if it can change what a frame shows, else to frameExempt with the reason", name)
			case keyed && !slices.Contains(keyFields, key):
				t.Errorf("%s: frameInputs says frameKey.%s carries it, but frameKey has no such field", name, key)
			}
		}
	}
	for name := range frameInputs {
		if !seen[name] {
			t.Errorf("frameInputs lists %s, which no longer exists", name)
		}
	}
	for name := range frameExempt {
		if !seen[name] {
			t.Errorf("frameExempt lists %s, which no longer exists", name)
		}
	}
	// And every field of the key is an input of something.
	for _, k := range keyFields {
		used := false
		for _, v := range frameInputs {
			used = used || v == k
		}
		if !used {
			t.Errorf("frameKey.%s carries no field of model, layout or Options", k)
		}
	}
}
