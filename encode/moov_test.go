package encode

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/abema/go-mp4"
)

func TestChunkOffsetBoxSelection(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		offsets []uint64
		co64    bool
	}{
		{"small", []uint64{48, 1000, 5000}, false},
		{"at 4 GiB - 1", []uint64{48, math.MaxUint32}, false},
		{"past 4 GiB", []uint64{48, math.MaxUint32 + 1}, true},
		{"far past", []uint64{48, 3 << 31, 5 << 32}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			switch b := chunkOffsetBox(tc.offsets).(type) {
			case *mp4.Co64:
				if !tc.co64 {
					t.Errorf("co64 chosen for %v", tc.offsets)
				}
				if !equalU64(b.ChunkOffset, tc.offsets) {
					t.Errorf("co64 offsets %v, want %v", b.ChunkOffset, tc.offsets)
				}
			case *mp4.Stco:
				if tc.co64 {
					t.Errorf("stco chosen for %v", tc.offsets)
				}
				for i, o := range b.ChunkOffset {
					if uint64(o) != tc.offsets[i] {
						t.Errorf("stco offset %d = %d, want %d", i, o, tc.offsets[i])
					}
				}
			default:
				t.Fatalf("unexpected box %T", b)
			}
		})
	}
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMdatHeader(t *testing.T) {
	t.Parallel()
	small := mdatHeader(1000)
	if len(small) != 8 || binary.BigEndian.Uint32(small) != 1008 || string(small[4:]) != "mdat" {
		t.Errorf("small mdat header % x", small)
	}
	big := mdatHeader(5 << 30)
	if len(big) != 16 || binary.BigEndian.Uint32(big) != 1 || string(big[4:8]) != "mdat" || binary.BigEndian.Uint64(big[8:]) != 5<<30+16 {
		t.Errorf("large mdat header % x", big)
	}
}

// fakeVideo returns a video table of n frames of size bytes each at 30 fps,
// with a keyframe every 60 frames and no reordering.
func fakeVideo(n int, size uint32) *videoTable {
	v := &videoTable{width: 1280, height: 720, timescale: 15360, delta: 512,
		sps: []byte{0x67, 100, 0, 31, 0xac}, pps: []byte{0x68, 0xeb}}
	for i := range n {
		v.sizes = append(v.sizes, size)
		v.ctts = append(v.ctts, 0)
		v.payload += int64(size)
		if i%60 == 0 {
			v.keys = append(v.keys, uint32(i+1))
		}
	}
	return v
}

func fakeAudio(aus int, size uint32) *AACTrack {
	a := &AACTrack{sampleRate: 48000, channels: 2, bitrate: 128000, asc: []byte{0x11, 0x90}, priming: aacPriming,
		samples: int64(aus*aacFrame - aacPriming)}
	for range aus {
		a.sizes = append(a.sizes, size)
	}
	return a
}

// TestFileHeaderLargeFile lays out a 6 GiB file (tables only, no payload)
// and checks that co64 and a 64-bit mdat header are used, and that every
// chunk offset points where the plan puts it.
func TestFileHeaderLargeFile(t *testing.T) {
	t.Parallel()
	v := fakeVideo(3000, 2<<20) // 100 s, 2 MiB a frame: 6000 MiB
	a := fakeAudio(4690, 400)
	plan := planChunks(v, a)
	header, err := fileHeader(v, a, plan)
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(header)
	boxes, err := mp4.ExtractBoxesWithPayload(r, nil, []mp4.BoxPath{
		{mp4.BoxTypeMoov(), mp4.BoxTypeTrak(), mp4.BoxTypeMdia(), mp4.BoxTypeMinf(), mp4.BoxTypeStbl(), mp4.BoxTypeCo64()},
		{mp4.BoxTypeMoov(), mp4.BoxTypeTrak(), mp4.BoxTypeMdia(), mp4.BoxTypeMinf(), mp4.BoxTypeStbl(), mp4.BoxTypeStco()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) != 2 {
		t.Fatalf("found %d chunk offset boxes, want 2", len(boxes))
	}
	var got [][]uint64
	for _, b := range boxes {
		c, ok := b.Payload.(*mp4.Co64)
		if !ok {
			t.Fatalf("chunk offsets in %T, want co64", b.Payload)
		}
		got = append(got, c.ChunkOffset)
	}
	if big := header[len(header)-16:]; binary.BigEndian.Uint32(big) != 1 || string(big[4:8]) != "mdat" {
		t.Errorf("header does not end with a 64-bit mdat header: % x", big)
	}
	pos := uint64(len(header))
	var want [2][]uint64
	for _, c := range plan {
		want[c.track-1] = append(want[c.track-1], pos)
		pos += uint64(c.size)
	}
	if !equalU64(got[0], want[0]) || !equalU64(got[1], want[1]) {
		t.Error("co64 offsets do not match the chunk plan")
	}
}

// TestPlanChunksInterleaves checks that chunks alternate between video and
// audio about every half second and cover every sample once.
func TestPlanChunksInterleaves(t *testing.T) {
	t.Parallel()
	v := fakeVideo(90, 1000) // 3 s
	a := fakeAudio(3*48000/aacFrame+2, 300)
	plan := planChunks(v, a)
	next := map[int]int{}
	for i, c := range plan {
		if c.first != next[c.track] {
			t.Fatalf("chunk %d of track %d starts at %d, want %d", i, c.track, c.first, next[c.track])
		}
		next[c.track] += c.count
		if i > 0 && plan[i-1].track == c.track {
			t.Errorf("chunks %d and %d both belong to track %d", i-1, i, c.track)
		}
		if c.track == videoTrackID && c.count != 15 {
			t.Errorf("video chunk %d holds %d frames, want 15 (0.5 s)", i, c.count)
		}
		if c.track == audioTrackID && (c.count < 20 || c.count > 26) && i < len(plan)-1 {
			t.Errorf("audio chunk %d holds %d AUs, want about 0.5 s (23)", i, c.count)
		}
	}
	if next[videoTrackID] != 90 || next[audioTrackID] != len(a.sizes) {
		t.Errorf("plan covers %v samples", next)
	}
	stsc, offs := chunkTables(plan, videoTrackID, 100)
	if len(offs) != 6 || stsc.EntryCount != 1 || stsc.Entries[0].SamplesPerChunk != 15 {
		t.Errorf("video stsc %+v with %d chunks, want one run of 15-sample chunks over 6", stsc.Entries, len(offs))
	}
}
