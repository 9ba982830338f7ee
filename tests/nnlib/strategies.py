"""Hypothesis strategies that several of nnlib's property tests draw from.

Shapes stay small (at most 3 axes of at most 4 entries), so that comparing every op with TensorFlow and
with finite differences on many of them stays quick; a seed then draws the values with numpy.
"""
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

seeds = st.integers(0, 2**32 - 1)  # for np.random.default_rng(seed)
small_shapes = array_shapes(min_dims=0, max_dims=3, max_side=4)
broadcastable_pairs = mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4)
