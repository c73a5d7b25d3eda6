#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
// Why TFLite 2.9 C is slow on FULLY_CONNECTED here (docs/compact-weights.md, "TFLite 2.9 C on
// large FULLY_CONNECTED"): the inner loop of the library's hot spot (target/tflite-c/
// libtensorflowlite_c.so at 0x29f188, ruy's AVX2 single-column kernel, found with perf record),
// copied instruction for instruction, in two encodings of its 4-byte rhs load: the legacy SSE
// movss the library has (an SSE instruction among 256-bit AVX ones) and the VEX vmovss a build
// with -mavx2 would have. Same data, same number of iterations (one per 8 rows x 4 depth).
//   gcc -O2 -o /tmp/sse-avx-mix scripts/sse-avx-mix.c && /tmp/sse-avx-mix 3
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define LOOP(LOAD) \
  __asm__ volatile( \
  "vpxor %%ymm3,%%ymm3,%%ymm3\n" \
  "vpcmpeqb %%ymm2,%%ymm2,%%ymm2\n vpxor %%ymm2,%%ymm2,%%ymm2\n" \
  "1:\n" \
  "vmovdqa (%[l]),%%ymm1\n add $0x20,%[r]\n add $0x20,%[l]\n" \
  LOAD " -0x20(%[r]),%%xmm4\n" \
  "vpshufb %%ymm2,%%ymm1,%%ymm1\n vpmovsxbw %%xmm4,%%xmm4\n vextracti128 $1,%%ymm1,%%xmm0\n" \
  "vpmovsxbw %%xmm1,%%ymm14\n vpmovsxbw %%xmm0,%%ymm0\n vperm2i128 $0x20,%%ymm0,%%ymm14,%%ymm1\n" \
  "vperm2i128 $0x31,%%ymm0,%%ymm14,%%ymm0\n vpsrldq $4,%%xmm4,%%xmm14\n vpbroadcastd %%xmm14,%%ymm14\n" \
  "vpbroadcastd %%xmm4,%%ymm4\n vpmaddwd %%ymm4,%%ymm1,%%ymm4\n vpmaddwd %%ymm14,%%ymm0,%%ymm0\n" \
  "vpaddd %%ymm4,%%ymm0,%%ymm0\n vpaddd %%ymm3,%%ymm0,%%ymm3\n" \
  "cmp %[e],%[l]\n jne 1b\n" \
  "vzeroupper\n" \
  : [l]"+r"(l), [r]"+r"(r) : [e]"r"(e) : "memory","xmm0","xmm1","xmm2","xmm3","xmm4","xmm14")
int main(int argc,char**argv){
  size_t n=(size_t)26*1000*1000/32*32; int reps=atoi(argv[1]);
  uint8_t*lhs=aligned_alloc(64,n); uint8_t*rhs=aligned_alloc(64,n); for(size_t i=0;i<n;i++){lhs[i]=i;rhs[i]=i*7;}
  for(int k=0;k<reps;k++){
    for(int v=0;v<2;v++){
      double t0=now();
      const uint8_t*l=lhs,*r=rhs,*e=lhs+n;
      if(v==0){LOOP("movss");}else{LOOP("vmovss");}
      double t=now()-t0;
      printf("%s: %.2f ms for %zu iterations (%.1f ns each)\n", v==0?"legacy SSE movss":"VEX vmovss", t*1e3, n/32, t*1e9/(n/32));
    }
  }
  return 0;
}
