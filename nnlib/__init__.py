"""nnlib: the building blocks of neural networks, written from scratch in numpy.

Each module mirrors a part of TensorFlow/Keras, so that the from-scratch code and the Keras code read
alike. Importing nnlib is quick and never imports TensorFlow; only :func:`setup_notebook` does.
"""
from . import (activations, datasets, initializers, layers, losses, metrics, models, naive, ops,
               optimizers, perceptron, shapes, training_data)
from .autodiff import GradientTape, Tensor, Variable
from .gradcheck import gradcheck, numeric_gradient
from .notebook import setup as setup_notebook

__version__ = "0.1.0"
