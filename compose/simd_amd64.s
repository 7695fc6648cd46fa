#include "textflag.h"

// func vmixRowSSE2(out *uint8, pa, pb *uint16, n int, iw, wy uint32)
//
// out[x] = (pa[x]*iw + pb[x]*wy + 1<<15) >> 16 with iw+wy = 256. PMADDWD
// multiplies signed words, so a and b are biased by -32768 (XOR 0x8000)
// and 32768*256 is added back with the rounding constant.
TEXT ·vmixRowSSE2(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ pa+8(FP), SI
	MOVQ pb+16(FP), DX
	MOVQ n+24(FP), CX
	MOVL iw+32(FP), AX
	MOVL wy+36(FP), BX
	SHLL $16, BX
	ORL  BX, AX
	MOVQ AX, X7
	PSHUFD $0, X7, X7 // (iw, wy) word pairs
	MOVL $0x80008000, AX
	MOVQ AX, X6
	PSHUFD $0, X6, X6 // 0x8000 words
	MOVL $0x00808000, AX
	MOVQ AX, X5
	PSHUFD $0, X5, X5 // 32768*256 + 32768 dwords
	SHRQ $3, CX
	JZ   vdone

vloop:
	MOVOU (SI), X0
	MOVOU (DX), X1
	PXOR  X6, X0
	PXOR  X6, X1
	MOVO  X0, X2
	PUNPCKLWL X1, X0 // a0 b0 a1 b1 a2 b2 a3 b3
	PUNPCKHWL X1, X2 // a4 b4 ... a7 b7
	PMADDWL X7, X0
	PMADDWL X7, X2
	PADDL X5, X0
	PADDL X5, X2
	PSRLL $16, X0
	PSRLL $16, X2
	PACKSSLW X2, X0
	PACKUSWB X0, X0
	MOVQ  X0, (DI)
	ADDQ  $16, SI
	ADDQ  $16, DX
	ADDQ  $8, DI
	DECQ  CX
	JNZ   vloop

vdone:
	RET

// func mixRowSSE2(d, s *uint8, n int, im, m uint32)
//
// d[i] = (d[i]*im + s[i]*m + 128) >> 8 with im+m = 256, in 16-bit lanes
// (the sum is below 65536).
TEXT ·mixRowSSE2(SB), NOSPLIT, $0-32
	MOVQ d+0(FP), DI
	MOVQ s+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL im+24(FP), AX
	IMULL $0x00010001, AX
	MOVQ AX, X7
	PSHUFD $0, X7, X7 // im words
	MOVL m+28(FP), AX
	IMULL $0x00010001, AX
	MOVQ AX, X6
	PSHUFD $0, X6, X6 // m words
	MOVL $0x00800080, AX
	MOVQ AX, X5
	PSHUFD $0, X5, X5 // 128 words
	PXOR X4, X4
	SHRQ $4, CX
	JZ   mdone

mloop:
	MOVOU (DI), X0
	MOVOU (SI), X1
	MOVO  X0, X2
	MOVO  X1, X3
	PUNPCKLBW X4, X0
	PUNPCKHBW X4, X2
	PUNPCKLBW X4, X1
	PUNPCKHBW X4, X3
	PMULLW X7, X0
	PMULLW X7, X2
	PMULLW X6, X1
	PMULLW X6, X3
	PADDW X1, X0
	PADDW X3, X2
	PADDW X5, X0
	PADDW X5, X2
	PSRLW $8, X0
	PSRLW $8, X2
	PACKUSWB X2, X0
	MOVOU X0, (DI)
	ADDQ  $16, DI
	ADDQ  $16, SI
	DECQ  CX
	JNZ   mloop

mdone:
	RET

// func hpassSSSE3(out *uint16, row *uint8, base *int32, shuf *uint8, w *uint16, groups int)
TEXT ·hpassSSSE3(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ row+8(FP), SI
	MOVQ base+16(FP), R8
	MOVQ shuf+24(FP), R9
	MOVQ w+32(FP), R10
	MOVQ groups+40(FP), CX
	TESTQ CX, CX
	JZ   hdone
	MOVL $0x00FF00FF, AX
	MOVQ AX, X7
	PSHUFD $0, X7, X7 // 0x00FF words

hloop:
	MOVLQSX (R8), AX
	MOVOU (SI)(AX*1), X0
	MOVOU (R9), X1
	PSHUFB X1, X0     // words b<<8 | a
	MOVO  X0, X1
	PAND  X7, X1      // a
	PSRLW $8, X0      // b
	PSUBW X1, X0      // b - a
	MOVOU (R10), X2
	PMULLW X2, X0     // (b-a)*w
	PSLLW $8, X1
	PADDW X1, X0
	MOVOU X0, (DI)
	ADDQ  $4, R8
	ADDQ  $16, R9
	ADDQ  $16, R10
	ADDQ  $16, DI
	DECQ  CX
	JNZ   hloop

hdone:
	RET

// func hasSSSE3() bool
TEXT ·hasSSSE3(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	SHRL $9, CX
	ANDL $1, CX
	MOVB CX, ret+0(FP)
	RET

// func hresampleSSE2(dst *float32, row *uint8, first, n *int, w *float32, stride, count int)
//
// For each of count outputs x: dst[4x:4x+4] = sum over k < n[x] of
// w[x*stride+k] * row[4(first[x]+k) : +4], accumulated in order from 0.
TEXT ·hresampleSSE2(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ row+8(FP), SI
	MOVQ first+16(FP), R8
	MOVQ n+24(FP), R9
	MOVQ w+32(FP), R10
	MOVQ stride+40(FP), R11
	MOVQ count+48(FP), CX
	SHLQ $2, R11
	PXOR X7, X7

router:
	MOVQ (R8), AX
	LEAQ (SI)(AX*4), BX
	MOVQ (R9), DX
	MOVQ R10, R12
	XORPS X0, X0
	TESTQ DX, DX
	JZ   rstore

rinner:
	MOVL (BX), AX
	MOVL AX, X1
	PUNPCKLBW X7, X1
	PUNPCKLWL X7, X1
	CVTPL2PS X1, X1
	MOVSS (R12), X2
	SHUFPS $0, X2, X2
	MULPS X2, X1
	ADDPS X1, X0
	ADDQ $4, BX
	ADDQ $4, R12
	DECQ DX
	JNZ  rinner

rstore:
	MOVUPS X0, (DI)
	ADDQ $16, DI
	ADDQ $8, R8
	ADDQ $8, R9
	ADDQ R11, R10
	DECQ CX
	JNZ  router
	RET

// func accumulateSSE2(acc, v *float32, n int, wt float32)
//
// acc[i] += wt * v[i] for n elements (n a multiple of 4, > 0).
TEXT ·accumulateSSE2(SB), NOSPLIT, $0-28
	MOVQ acc+0(FP), DI
	MOVQ v+8(FP), SI
	MOVQ n+16(FP), CX
	MOVSS wt+24(FP), X2
	SHUFPS $0, X2, X2
	SHRQ $2, CX

aloop:
	MOVUPS (SI), X1
	MULPS X2, X1
	MOVUPS (DI), X0
	ADDPS X1, X0
	MOVUPS X0, (DI)
	ADDQ $16, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  aloop
	RET

// func packRGBASSE2(out *uint8, acc *float32, n int)
//
// n bytes (a multiple of 16, > 0) from n floats: int(v+0.5) truncated and
// saturated to 0..255, then each colour byte clamped to its pixel's alpha.
TEXT ·packRGBASSE2(SB), NOSPLIT, $0-24
	MOVQ out+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ n+16(FP), CX
	MOVL $0x3f000000, AX // 0.5
	MOVL AX, X6
	SHUFPS $0, X6, X6
	MOVL $0xFF000000, AX
	MOVL AX, X5
	PSHUFD $0, X5, X5
	SHRQ $4, CX

ploop:
	MOVUPS (SI), X0
	MOVUPS 16(SI), X1
	MOVUPS 32(SI), X2
	MOVUPS 48(SI), X3
	ADDPS X6, X0
	ADDPS X6, X1
	ADDPS X6, X2
	ADDPS X6, X3
	CVTTPS2PL X0, X0
	CVTTPS2PL X1, X1
	CVTTPS2PL X2, X2
	CVTTPS2PL X3, X3
	PACKSSLW X1, X0
	PACKSSLW X3, X2
	PACKUSWB X2, X0 // r g b a bytes, 4 pixels
	MOVO X0, X1
	PAND X5, X1     // a<<24 per pixel
	MOVO X1, X2
	PSRLL $8, X2
	POR  X2, X1
	MOVO X1, X2
	PSRLL $16, X2
	POR  X2, X1     // a in every byte of its pixel
	PMINUB X1, X0
	MOVOU X0, (DI)
	ADDQ $64, SI
	ADDQ $16, DI
	DECQ CX
	JNZ  ploop
	RET

// func vmixRowAVX2(out *uint8, pa, pb *uint16, n int, iw, wy uint32)
//
// vmixRowSSE2 sixteen pixels per step in 256-bit registers (each 128-bit
// lane does what the SSE2 loop does; VPERMQ joins the lanes' bytes). The
// set-up uses VEX moves too: a legacy-SSE MOVD here cost ~190 ns per call
// on this machine's Xeon (SSE/AVX state transition).
TEXT ·vmixRowAVX2(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ pa+8(FP), SI
	MOVQ pb+16(FP), DX
	MOVQ n+24(FP), CX
	MOVL iw+32(FP), AX
	MOVL wy+36(FP), BX
	SHLL $16, BX
	ORL  BX, AX
	VMOVD AX, X7
	VPBROADCASTD X7, Y7 // (iw, wy) word pairs
	MOVL $0x80008000, AX
	VMOVD AX, X6
	VPBROADCASTD X6, Y6 // 0x8000 words
	MOVL $0x00808000, AX
	VMOVD AX, X5
	VPBROADCASTD X5, Y5 // 32768*256 + 32768 dwords
	SHRQ $4, CX
	JZ   avdone

avloop:
	VMOVDQU (SI), Y0
	VMOVDQU (DX), Y1
	VPXOR   Y6, Y0, Y0
	VPXOR   Y6, Y1, Y1
	VPUNPCKLWD Y1, Y0, Y2 // a0 b0 .. a3 b3 | a8 b8 .. a11 b11
	VPUNPCKHWD Y1, Y0, Y3 // a4 b4 .. a7 b7 | a12 b12 .. a15 b15
	VPMADDWD Y7, Y2, Y2
	VPMADDWD Y7, Y3, Y3
	VPADDD  Y5, Y2, Y2
	VPADDD  Y5, Y3, Y3
	VPSRLD  $16, Y2, Y2
	VPSRLD  $16, Y3, Y3
	VPACKSSDW Y3, Y2, Y2 // words 0..7 | 8..15
	VPACKUSWB Y2, Y2, Y2 // bytes 0..7 0..7 | 8..15 8..15
	VPERMQ  $0x08, Y2, Y2
	VMOVDQU X2, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $16, DI
	DECQ    CX
	JNZ     avloop

avdone:
	VZEROUPPER
	RET

// func hasAVX2() bool
//
// CPUID.7.0:EBX bit 5 (AVX2), with CPUID.1:ECX bits 27 (OSXSAVE) and 28
// (AVX) and XGETBV(0) showing the OS saves XMM and YMM state.
TEXT ·hasAVX2(SB), NOSPLIT, $0-1
	MOVB $0, ret+0(FP)
	XORL AX, AX
	XORL CX, CX
	CPUID
	CMPL AX, $7
	JB   nox
	MOVL $1, AX
	XORL CX, CX
	CPUID
	MOVL CX, BX
	ANDL $0x18000000, BX
	CMPL BX, $0x18000000
	JNE  nox
	XORL CX, CX
	XGETBV
	ANDL $6, AX
	CMPL AX, $6
	JNE  nox
	MOVL $7, AX
	XORL CX, CX
	CPUID
	SHRL $5, BX
	ANDL $1, BX
	MOVB BX, ret+0(FP)

nox:
	RET

// func vmixMixRowAVX2(d *uint8, pa, pb *uint16, n int, iw, wy, im, m uint32)
//
// vmixRowAVX2 into registers, then d[i] = (d[i]*im + v[i]*m + 128) >> 8
// as mixRowSSE2 does: the packed words of the vertical mix are pixels
// 0..15 in order, d's bytes are widened to words to match.
TEXT ·vmixMixRowAVX2(SB), NOSPLIT, $0-48
	MOVQ d+0(FP), DI
	MOVQ pa+8(FP), SI
	MOVQ pb+16(FP), DX
	MOVQ n+24(FP), CX
	MOVL iw+32(FP), AX
	MOVL wy+36(FP), BX
	SHLL $16, BX
	ORL  BX, AX
	VMOVD AX, X7
	VPBROADCASTD X7, Y7 // (iw, wy) word pairs
	MOVL $0x80008000, AX
	VMOVD AX, X6
	VPBROADCASTD X6, Y6 // 0x8000 words
	MOVL $0x00808000, AX
	VMOVD AX, X5
	VPBROADCASTD X5, Y5 // 32768*256 + 32768 dwords
	MOVL im+40(FP), AX
	VMOVD AX, X9
	VPBROADCASTW X9, Y9 // im words
	MOVL m+44(FP), AX
	VMOVD AX, X8
	VPBROADCASTW X8, Y8 // m words
	MOVL $0x00800080, AX
	VMOVD AX, X10
	VPBROADCASTD X10, Y10 // 128 words
	SHRQ $4, CX
	JZ   amdone

amloop:
	VMOVDQU (SI), Y0
	VMOVDQU (DX), Y1
	VPXOR   Y6, Y0, Y0
	VPXOR   Y6, Y1, Y1
	VPUNPCKLWD Y1, Y0, Y2
	VPUNPCKHWD Y1, Y0, Y3
	VPMADDWD Y7, Y2, Y2
	VPMADDWD Y7, Y3, Y3
	VPADDD  Y5, Y2, Y2
	VPADDD  Y5, Y3, Y3
	VPSRLD  $16, Y2, Y2
	VPSRLD  $16, Y3, Y3
	VPACKSSDW Y3, Y2, Y2 // v words, pixels 0..15
	VPMOVZXBW (DI), Y4   // d words, pixels 0..15
	VPMULLW Y8, Y2, Y2
	VPMULLW Y9, Y4, Y4
	VPADDW  Y2, Y4, Y4
	VPADDW  Y10, Y4, Y4
	VPSRLW  $8, Y4, Y4
	VPACKUSWB Y4, Y4, Y4 // bytes 0..7 0..7 | 8..15 8..15
	VPERMQ  $0x08, Y4, Y4
	VMOVDQU X4, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $16, DI
	DECQ    CX
	JNZ     amloop

amdone:
	VZEROUPPER
	RET

// func hpassAVX2(out *uint16, row *uint8, base *int32, shuf *uint8, w *uint16, groups int)
//
// hpassSSSE3 two groups per step: each 128-bit lane gets its group's 16
// source bytes (VPSHUFB shuffles within lanes), and the groups' shuffles,
// weights and outputs lie next to each other.
TEXT ·hpassAVX2(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ row+8(FP), SI
	MOVQ base+16(FP), R8
	MOVQ shuf+24(FP), R9
	MOVQ w+32(FP), R10
	MOVQ groups+40(FP), CX
	MOVL $0x00FF00FF, AX
	VMOVD AX, X7
	VPBROADCASTD X7, Y7 // 0x00FF words
	SHRQ $1, CX
	JZ   ahdone

ahloop:
	MOVLQSX (R8), AX
	MOVLQSX 4(R8), BX
	VMOVDQU (SI)(AX*1), X0
	VINSERTI128 $1, (SI)(BX*1), Y0, Y0
	VPSHUFB (R9), Y0, Y0 // words b<<8 | a
	VPAND   Y7, Y0, Y1   // a
	VPSRLW  $8, Y0, Y0   // b
	VPSUBW  Y1, Y0, Y0   // b - a
	VPMULLW (R10), Y0, Y0
	VPSLLW  $8, Y1, Y1
	VPADDW  Y1, Y0, Y0
	VMOVDQU Y0, (DI)
	ADDQ    $8, R8
	ADDQ    $32, R9
	ADDQ    $32, R10
	ADDQ    $32, DI
	DECQ    CX
	JNZ     ahloop

ahdone:
	VZEROUPPER
	RET
