#!/usr/bin/env python3
"""The code of a seed, computed independently of the program (core/latent/prior_codes.cpp): mt19937_64 as the C++
standard defines it, 53-bit uniforms in (0, 1], Box-Muller. GUI tests compare the window's code with it.
   seed_code.py SEED DIMS   prints the code as JSON."""
import json
import math
import sys

M = (1 << 64) - 1


class MT19937_64:
    def __init__(self, seed):
        self.mt = [seed & M]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & M)
        self.index = 312

    def __call__(self):
        if self.index >= 312:
            lower, upper = (1 << 31) - 1, M ^ ((1 << 31) - 1)
            for i in range(312):
                x = (self.mt[i] & upper) | (self.mt[(i + 1) % 312] & lower)
                self.mt[i] = self.mt[(i + 156) % 312] ^ (x >> 1) ^ (0xB5026F5AA96619E9 if x & 1 else 0)
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        y ^= y >> 43
        return y & M


def code_from_seed(seed, dims):
    rng = MT19937_64(seed)
    unit = lambda: ((rng() >> 11) + 1.0) * 2.0 ** -53
    code = []
    while len(code) < dims:
        radius = math.sqrt(-2.0 * math.log(unit()))
        angle = 2.0 * math.pi * unit()
        code += [radius * math.cos(angle), radius * math.sin(angle)]
    return code[:dims]


if __name__ == "__main__":
    check = MT19937_64(5489)
    for _ in range(9999):
        check()
    assert check() == 9981545732273789042, "mt19937_64 differs from the standard's"
    print(json.dumps(code_from_seed(int(sys.argv[1]), int(sys.argv[2]))))
