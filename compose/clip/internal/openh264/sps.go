package openh264

import (
	"fmt"

	"github.com/reelkit/reel/compose/clip/internal/nalu"
)

// spsInfo is what the decoder needs from a sequence parameter set: the
// profile and the number of pictures it may have to hold back to put
// them in display order.
type spsInfo struct {
	profile       int
	level         int
	width, height int // in pixels, before cropping
	frameMBsOnly  bool
	chromaFormat  int
	bitDepth      int
	reorder       int // max_num_reorder_frames, or its inferred value
	signal        VideoSignal
}

// VideoSignal is the video signal type of an SPS's VUI (H.264 E.2.1).
type VideoSignal struct {
	// Present is video_signal_type_present_flag: false when the SPS has
	// no VUI or no video signal type in it (everything else is then zero).
	Present bool
	// Described is colour_description_present_flag: Primaries, Transfer
	// and Matrix (ITU-T H.273 code points) are 0 without it.
	Described                   bool
	Primaries, Transfer, Matrix int
	FullRange                   bool // video_full_range_flag
}

// SPSVideoSignal reads the video signal type from the VUI of an H.264 SPS
// NAL unit (with its one-byte header).
func SPSVideoSignal(nal []byte) (VideoSignal, error) {
	s, err := parseSPS(nal)
	if err != nil {
		return VideoSignal{}, err
	}
	return s.signal, nil
}

// parseSPS reads an SPS NAL unit (with its one-byte header).
func parseSPS(nal []byte) (spsInfo, error) {
	if len(nal) < 4 || nal[0]&0x1f != 7 {
		return spsInfo{}, fmt.Errorf("not an SPS NAL unit")
	}
	s := spsInfo{profile: int(nal[1]), level: int(nal[3]), chromaFormat: 1, bitDepth: 8}
	constraint3 := nal[2]&0x10 != 0
	r := nalu.NewRBSP(nal[4:])
	var err error
	must := func(v uint32, e error) uint32 {
		if err == nil {
			err = e
		}
		return v
	}
	must(r.UE()) // seq_parameter_set_id
	switch s.profile {
	case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135:
		s.chromaFormat = int(must(r.UE()))
		if s.chromaFormat == 3 {
			must(r.U(1)) // separate_colour_plane_flag
		}
		s.bitDepth = 8 + int(must(r.UE()))
		must(r.UE())           // bit_depth_chroma_minus8
		must(r.U(1))           // qpprime_y_zero_transform_bypass_flag
		if must(r.U(1)) == 1 { // seq_scaling_matrix_present_flag
			n := 8
			if s.chromaFormat == 3 {
				n = 12
			}
			for i := range n {
				if must(r.U(1)) == 1 {
					size := 16
					if i >= 6 {
						size = 64
					}
					skipScalingList(r, size, &err)
				}
			}
		}
	}
	must(r.UE())          // log2_max_frame_num_minus4
	switch must(r.UE()) { // pic_order_cnt_type
	case 0:
		must(r.UE()) // log2_max_pic_order_cnt_lsb_minus4
	case 1:
		must(r.U(1))
		_, e1 := r.SE()
		_, e2 := r.SE()
		if err == nil {
			err = firstErr(e1, e2)
		}
		n := must(r.UE())
		if n > 255 {
			return s, fmt.Errorf("SPS: %d reference frames in a POC cycle", n)
		}
		for range n {
			if _, e := r.SE(); e != nil && err == nil {
				err = e
			}
		}
	}
	maxRefFrames := int(must(r.UE()))
	must(r.U(1)) // gaps_in_frame_num_value_allowed_flag
	wMBs := int(must(r.UE())) + 1
	hMapUnits := int(must(r.UE())) + 1
	s.frameMBsOnly = must(r.U(1)) == 1
	if !s.frameMBsOnly {
		must(r.U(1)) // mb_adaptive_frame_field_flag
	}
	must(r.U(1))           // direct_8x8_inference_flag
	if must(r.U(1)) == 1 { // frame_cropping_flag
		for range 4 {
			must(r.UE())
		}
	}
	if err != nil {
		return s, fmt.Errorf("SPS: %w", err)
	}
	if wMBs > 1024 || hMapUnits > 1024 {
		return s, fmt.Errorf("SPS: picture of %dx%d macroblocks is too large", wMBs, hMapUnits)
	}
	s.width = wMBs * 16
	s.height = hMapUnits * 16
	if !s.frameMBsOnly {
		s.height *= 2
	}
	s.reorder = inferredReorder(s, maxRefFrames, constraint3)
	if must(r.U(1)) == 1 { // vui_parameters_present_flag
		v := parseVUI(r)
		if v.hasReorder {
			s.reorder = v.reorder
		}
		s.signal = v.signal
	}
	s.reorder = min(max(s.reorder, 0), 16)
	return s, nil
}

// inferredReorder is max_num_reorder_frames when the VUI does not give
// it: 0 for the intra-only profiles, MaxDpbFrames otherwise (H.264
// E.2.1), which is never less than what the stream needs.
func inferredReorder(s spsInfo, maxRefFrames int, constraint3 bool) int {
	if constraint3 && (s.profile == 44 || s.profile == 86 || s.profile == 100 || s.profile == 110 || s.profile == 122 || s.profile == 244) {
		return 0
	}
	mbs := (s.width / 16) * (s.height / 16)
	if mbs == 0 {
		return 16
	}
	dpb := maxDpbMbs(s.level, s.profile, constraint3) / mbs
	return min(max(dpb, maxRefFrames, 1), 16)
}

// maxDpbMbs is MaxDpbMbs of H.264 Table A-1 for level_idc (level 1b is
// level_idc 11 with constraint_set3 in Baseline, Main and Extended).
func maxDpbMbs(level, profile int, constraint3 bool) int {
	if level == 11 && constraint3 && (profile == 66 || profile == 77 || profile == 88) {
		return 396
	}
	switch {
	case level <= 10:
		return 396
	case level <= 11:
		return 900
	case level <= 20:
		return 2376
	case level <= 21:
		return 4752
	case level <= 30:
		return 8100
	case level <= 31:
		return 18000
	case level <= 32:
		return 20480
	case level <= 41:
		return 32768
	case level <= 42:
		return 34816
	case level <= 50:
		return 110400
	case level <= 51:
		return 184320
	}
	return 696320
}

// vui is what the decoder reads from an SPS's VUI.
type vui struct {
	reorder    int
	hasReorder bool // false when the VUI has no bitstream_restriction or cannot be read that far
	signal     VideoSignal
}

// parseVUI reads the VUI up to max_num_reorder_frames; the fields read
// before a truncation or bad code are kept.
func parseVUI(r *nalu.RBSP) (v vui) {
	var err error
	must := func(v uint32, e error) uint32 {
		if err == nil {
			err = e
		}
		return v
	}
	if must(r.U(1)) == 1 { // aspect_ratio_info_present_flag
		if must(r.U(8)) == 255 {
			must(r.U(32))
		}
	}
	if must(r.U(1)) == 1 { // overscan_info_present_flag
		must(r.U(1))
	}
	if must(r.U(1)) == 1 { // video_signal_type_present_flag
		var sig VideoSignal
		must(r.U(3)) // video_format
		sig.FullRange = must(r.U(1)) == 1
		if sig.Described = must(r.U(1)) == 1; sig.Described {
			sig.Primaries, sig.Transfer, sig.Matrix = int(must(r.U(8))), int(must(r.U(8))), int(must(r.U(8)))
		}
		if err != nil {
			return v
		}
		sig.Present = true
		v.signal = sig
	}
	if must(r.U(1)) == 1 { // chroma_loc_info_present_flag
		must(r.UE())
		must(r.UE())
	}
	if must(r.U(1)) == 1 { // timing_info_present_flag
		must(r.U(32))
		must(r.U(32))
		must(r.U(1))
	}
	nalHRD := must(r.U(1)) == 1
	if nalHRD {
		skipHRD(r, &err)
	}
	vclHRD := must(r.U(1)) == 1
	if vclHRD {
		skipHRD(r, &err)
	}
	if nalHRD || vclHRD {
		must(r.U(1)) // low_delay_hrd_flag
	}
	must(r.U(1))                         // pic_struct_present_flag
	if must(r.U(1)) != 1 || err != nil { // bitstream_restriction_flag
		return v
	}
	must(r.U(1)) // motion_vectors_over_pic_boundaries_flag
	for range 4 {
		must(r.UE())
	}
	n := must(r.UE())
	if err != nil {
		return v
	}
	v.reorder, v.hasReorder = int(min(n, 16)), true
	return v
}

func skipHRD(r *nalu.RBSP, err *error) {
	cnt, e := r.UE()
	if e == nil && cnt > 31 {
		*err = fmt.Errorf("HRD with %d CPB", cnt+1)
		return
	}
	_, e2 := r.U(8)
	for i := uint32(0); i <= cnt && e == nil && e2 == nil; i++ {
		_, e = r.UE()
		if e == nil {
			_, e = r.UE()
		}
		if e == nil {
			_, e = r.U(1)
		}
	}
	if e == nil && e2 == nil {
		_, e = r.U(20)
	}
	if *err == nil {
		*err = firstErr(e, e2)
	}
}

func skipScalingList(r *nalu.RBSP, size int, err *error) {
	last, next := int32(8), int32(8)
	for range size {
		if next != 0 {
			d, e := r.SE()
			if e != nil {
				if *err == nil {
					*err = e
				}
				return
			}
			next = (last + d + 256) % 256
		}
		if next != 0 {
			last = next
		}
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
