package encode

import (
	"os"
	"testing"

	"github.com/abema/go-mp4"
)

// mp4Facts is what the go-mp4 read-back reports about a file.
type mp4Facts struct {
	probe      *mp4.ProbeInfo
	moovBefore bool
	video      *mp4.Track
	audio      *mp4.Track
	stss       []uint32
	hasCtts    bool
	tkhdDur    map[uint32]uint64
	colr       *mp4.Colr
	hdlrNames  []string
	co64       bool
}

func readBack(t testing.TB, path string) mp4Facts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var facts mp4Facts
	facts.probe, err = mp4.Probe(f)
	if err != nil {
		t.Fatalf("go-mp4 probe: %v", err)
	}
	for _, tr := range facts.probe.Tracks {
		switch tr.Codec {
		case mp4.CodecAVC1:
			facts.video = tr
		case mp4.CodecMP4A:
			facts.audio = tr
		}
	}
	top, err := mp4.ExtractBoxes(f, nil, []mp4.BoxPath{{mp4.BoxTypeMoov()}, {mp4.BoxTypeMdat()}})
	if err != nil {
		t.Fatal(err)
	}
	var moovAt, mdatAt uint64
	for _, b := range top {
		switch b.Type {
		case mp4.BoxTypeMoov():
			moovAt = b.Offset
		case mp4.BoxTypeMdat():
			mdatAt = b.Offset
		}
	}
	facts.moovBefore = moovAt > 0 && mdatAt > moovAt

	trak := []mp4.BoxType{mp4.BoxTypeMoov(), mp4.BoxTypeTrak()}
	stbl := append(append([]mp4.BoxType{}, trak...), mp4.BoxTypeMdia(), mp4.BoxTypeMinf(), mp4.BoxTypeStbl())
	boxes, err := mp4.ExtractBoxesWithPayload(f, nil, []mp4.BoxPath{
		append(append([]mp4.BoxType{}, stbl...), mp4.BoxTypeStss()),
		append(append([]mp4.BoxType{}, stbl...), mp4.BoxTypeCtts()),
		append(append([]mp4.BoxType{}, stbl...), mp4.BoxTypeCo64()),
		append(append([]mp4.BoxType{}, trak...), mp4.BoxTypeTkhd()),
		append(append([]mp4.BoxType{}, trak...), mp4.BoxTypeMdia(), mp4.BoxTypeHdlr()),
		append(append([]mp4.BoxType{}, stbl...), mp4.BoxTypeStsd(), mp4.BoxTypeAvc1(), mp4.BoxTypeColr()),
	})
	if err != nil {
		t.Fatal(err)
	}
	facts.tkhdDur = map[uint32]uint64{}
	for _, b := range boxes {
		switch p := b.Payload.(type) {
		case *mp4.Stss:
			facts.stss = p.SampleNumber
		case *mp4.Ctts:
			facts.hasCtts = true
		case *mp4.Co64:
			facts.co64 = true
		case *mp4.Tkhd:
			facts.tkhdDur[p.TrackID] = p.GetDuration()
		case *mp4.Hdlr:
			facts.hdlrNames = append(facts.hdlrNames, p.Name)
		case *mp4.Colr:
			facts.colr = p
		}
	}
	return facts
}
