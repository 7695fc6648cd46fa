package clip

import (
	"errors"
	"fmt"

	"github.com/reelkit/reel/compose/clip/internal/nalu"
)

// videoSignal is the colour description of a stream (H.273 codes, 0
// when absent).
type videoSignal struct {
	primaries, transfer, matrix int
	fullRange                   bool
}

// hvccUnits returns the NAL units of type typ in an hvcC record body.
func hvccUnits(c []byte, typ byte) [][]byte {
	if len(c) < 23 {
		return nil
	}
	var out [][]byte
	p := c[23:]
	for range int(c[22]) {
		if len(p) < 3 {
			return out
		}
		t, n := p[0]&0x3f, int(p[1])<<8|int(p[2])
		p = p[3:]
		for range n {
			if len(p) < 2 {
				return out
			}
			l := int(p[0])<<8 | int(p[1])
			if len(p)-2 < l {
				return out
			}
			if t == typ && l > 2 {
				out = append(out, p[2:2+l])
			}
			p = p[2+l:]
		}
	}
	return out
}

// parseHEVCVUI reads the video signal type of an HEVC SPS NAL unit (with
// its two-byte header; H.265 7.3.2.2 and E.2.1). ok is false when the SPS
// has no VUI or no video signal type in it.
func parseHEVCVUI(nal []byte) (s videoSignal, ok bool, err error) {
	if len(nal) < 3 || nal[0]>>1&0x3f != 33 {
		return s, false, errors.New("not an SPS NAL unit")
	}
	r := nalu.NewRBSP(nal[2:])
	u := func(n int) uint32 {
		v, e := r.U(n)
		if err == nil {
			err = e
		}
		return v
	}
	ue := func() uint32 {
		v, e := r.UE()
		if err == nil {
			err = e
		}
		return v
	}
	se := func() {
		if _, e := r.SE(); err == nil {
			err = e
		}
	}
	u(4) // sps_video_parameter_set_id
	maxSub := int(u(3))
	u(1)
	// profile_tier_level(1, maxSub)
	u(32)
	u(32)
	u(32)
	var subProfile, subLevel [8]bool
	for i := range maxSub {
		subProfile[i], subLevel[i] = u(1) == 1, u(1) == 1
	}
	if maxSub > 0 {
		for range 8 - maxSub {
			u(2)
		}
	}
	for i := range maxSub {
		if subProfile[i] {
			u(32)
			u(32)
			u(24)
		}
		if subLevel[i] {
			u(8)
		}
	}
	ue() // sps_seq_parameter_set_id
	if ue() == 3 {
		u(1) // separate_colour_plane_flag
	}
	ue()           // pic_width_in_luma_samples
	ue()           // pic_height_in_luma_samples
	if u(1) == 1 { // conformance_window_flag
		ue()
		ue()
		ue()
		ue()
	}
	ue() // bit_depth_luma_minus8
	ue() // bit_depth_chroma_minus8
	pocBits := int(ue()) + 4
	if pocBits > 16 {
		return s, false, fmt.Errorf("SPS: %d-bit picture order counts", pocBits)
	}
	first := maxSub
	if u(1) == 1 { // sps_sub_layer_ordering_info_present_flag
		first = 0
	}
	for i := first; i <= maxSub; i++ {
		ue()
		ue()
		ue()
	}
	for range 6 { // coding and transform block sizes, hierarchy depths
		ue()
	}
	scalingList := u(1) == 1      // scaling_list_enabled_flag
	if scalingList && u(1) == 1 { // sps_scaling_list_data_present_flag
		for size := range 4 {
			step := 1
			if size == 3 {
				step = 3
			}
			for m := 0; m < 6; m += step {
				if u(1) == 0 { // scaling_list_pred_mode_flag
					ue()
					continue
				}
				if size > 1 {
					se()
				}
				for range min(64, 1<<(4+2*size)) {
					se()
				}
			}
		}
	}
	u(1)           // amp_enabled_flag
	u(1)           // sample_adaptive_offset_enabled_flag
	if u(1) == 1 { // pcm_enabled_flag
		u(8)
		ue()
		ue()
		u(1)
	}
	numSets := int(ue())
	if numSets > 64 {
		return s, false, fmt.Errorf("SPS: %d short-term reference picture sets", numSets)
	}
	deltas := make([]int, numSets)
	for i := range numSets {
		if i != 0 && u(1) == 1 { // inter_ref_pic_set_prediction_flag
			u(1) // delta_rps_sign
			ue() // abs_delta_rps_minus1
			n := 0
			for range deltas[i-1] + 1 {
				used := u(1) == 1
				if used || u(1) == 1 { // use_delta_flag
					n++
				}
			}
			deltas[i] = n
		} else {
			neg, pos := ue(), ue()
			if neg > 16 || pos > 16 {
				return s, false, fmt.Errorf("SPS: %d+%d reference pictures", neg, pos)
			}
			for range neg + pos {
				ue()
				u(1)
			}
			deltas[i] = int(neg + pos)
		}
		if err != nil {
			return s, false, fmt.Errorf("SPS: %w", err)
		}
	}
	if u(1) == 1 { // long_term_ref_pics_present_flag
		n := ue()
		if n > 32 {
			return s, false, fmt.Errorf("SPS: %d long-term reference pictures", n)
		}
		for range n {
			u(pocBits)
			u(1)
		}
	}
	u(1)                         // sps_temporal_mvp_enabled_flag
	u(1)                         // strong_intra_smoothing_enabled_flag
	if u(1) == 0 || err != nil { // vui_parameters_present_flag
		return s, false, err
	}
	if u(1) == 1 && u(8) == 255 { // aspect_ratio_info_present_flag, aspect_ratio_idc
		u(16)
		u(16)
	}
	if u(1) == 1 { // overscan_info_present_flag
		u(1)
	}
	if u(1) == 0 { // video_signal_type_present_flag
		return s, false, err
	}
	u(3) // video_format
	s.fullRange = u(1) == 1
	if u(1) == 1 { // colour_description_present_flag
		s.primaries, s.transfer, s.matrix = int(u(8)), int(u(8)), int(u(8))
	}
	if err != nil {
		return videoSignal{}, false, fmt.Errorf("SPS: %w", err)
	}
	return s, true, nil
}
