"""Models: a stack of layers that trains itself, used as ``keras.Sequential``.

>>> import numpy as np
>>> import nnlib
>>> from nnlib import layers, models
>>> rng = np.random.default_rng(0)
>>> x = rng.normal(size=(100, 2)).astype("float32")
>>> y = (x[:, 0] + x[:, 1] > 0).astype("float32")           # a line separates the two classes
>>> model = models.Sequential([layers.Dense(1, activation="sigmoid")])
>>> model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
>>> history = model.fit(x, y, batch_size=10, epochs=3, shuffle=False, verbose=0)
>>> sorted(history.history), history.epoch
(['accuracy', 'loss'], [0, 1, 2])
>>> model.predict(x[:2], verbose=0).shape
(2, 1)

``fit`` is minibatch stochastic gradient descent, written out in its loop: for each epoch, shuffle the
samples, then for each batch: predict, compute the loss, take its gradients with a GradientTape and let
the optimizer update the weights. The loss and metrics it reports for an epoch are their means over
the epoch's batches, weighted by each batch's size, as Keras reports them. Shuffling draws from numpy's
global generator: ``np.random.seed(...)`` (or the book's set-up cell) fixes the batch order.

``fit(..., sample_weight=w)`` weighs each sample's loss by its weight, and ``class_weight={0: 1.0,
1: 9.0}`` gives each sample the weight of its class (so that a rare class counts as much as a common
one). As in Keras, a batch's loss is then sum(w * loss) / batch size, divided by the number of samples,
not by the sum of their weights; the metrics given to ``compile(metrics=...)`` ignore the weights, and
those given as ``compile(weighted_metrics=...)`` use them.

``verbose``: 0 is silent; 1 (and ``"auto"``) shows a progress bar, in a terminal and in a notebook (it
needs the ``tqdm`` package; without it, fit prints one line per epoch); 2 prints one line per epoch,
``Epoch 3/5 - loss: 0.4123 - accuracy: 0.8100``, the same every run (chapters use it).

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import numpy as np

from . import losses as _losses
from . import metrics as _metrics
from . import optimizers as _optimizers
from .autodiff import GradientTape
from .layers import InputLayer, assign_values, unique_name
from .training_data import as_inputs, check_count, check_labels, sample_weights

class History:
    """What ``fit`` returns: ``history`` maps "loss", each metric and their "val_" versions to a list
    with one value per epoch; ``epoch`` lists the epochs' numbers (from 0)."""

    def __init__(self, model, params):
        self.model, self.params = model, params
        self.history, self.epoch = {}, []

    def _append(self, epoch, logs):
        self.epoch.append(epoch)
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)

    def __repr__(self):
        return f"<History epochs={len(self.epoch)}, keys={list(self.history)}>"


# The model -----------------------------------------------------------------------------------------

class Sequential:
    """Layers applied one after the other: ``Sequential([Dense(16, activation="relu"), Dense(1)])``."""

    def __init__(self, layers=None, name=None):
        self.name = name or unique_name("sequential")
        self.layers = []
        self.input_shape = None
        self.optimizer = self.loss = None
        self.compiled = False
        self.metrics = []  # the metric objects of the last fit, as in Keras
        self._metric_ids = []  # what compile was given; fit and evaluate make new metrics from them
        self._weighted_metric_ids = []  # the same for compile's weighted_metrics
        self._output_probe = None  # the model's outputs for one sample, once data has been prepared
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Add a layer at the end (an ``Input(shape=...)`` first fixes the inputs' shape and builds)."""
        if isinstance(layer, InputLayer):
            if self.layers:
                raise ValueError("Input(...) must come first in a Sequential model")
            self.input_shape = layer.shape
            return
        if not callable(layer):
            raise TypeError(f"Sequential takes layers, got {layer!r}")
        self.layers.append(layer)
        if self.input_shape is not None:
            self.build(self.input_shape)

    def build(self, input_shape):
        """Make every layer's weights for inputs of ``input_shape`` (the batch axis may be None)."""
        self.input_shape = (None,) + tuple(input_shape)[1:]
        self(np.zeros((1,) + self.input_shape[1:], dtype="float32"))

    @property
    def built(self):
        return bool(self.layers) and all(getattr(layer, "built", True) for layer in self.layers)

    def __call__(self, x):
        """The forward pass: each layer's outputs are the next one's inputs."""
        for layer in self.layers:
            x = layer(x)
        return x

    # Weights ----------------------------------------------------------------------------------------

    @property
    def weights(self):
        return [w for layer in self.layers for w in getattr(layer, "weights", [])]

    @property
    def trainable_weights(self):
        return [w for layer in self.layers for w in getattr(layer, "trainable_weights", [])]

    def get_weights(self):
        """Every weight's value, layer by layer (kernel, then bias), as numpy arrays: Keras's order."""
        return [w.numpy().copy() for w in self.weights]

    def set_weights(self, weights):
        """Set every weight from a list of arrays, such as a Keras model's ``get_weights()``."""
        assign_values(f"model {self.name!r}", self.weights, weights)

    def count_params(self):
        return sum(int(np.prod(w.shape)) for w in self.weights)

    def summary(self, print_fn=print):
        """A table of the layers, their output shapes and their numbers of weights."""
        if not self.built:
            raise ValueError(f"model {self.name!r} has not been built yet, so its weights do not exist: "
                             "call it on some inputs, call build(input_shape), or start it with "
                             "Input(shape=...)")
        rows = [(f"{layer.name} ({type(layer).__name__})", str(getattr(layer, "output_shape", "?")),
                 str(layer.count_params() if hasattr(layer, "count_params") else 0))
                for layer in self.layers]
        widths = [max(len(r[i]) for r in rows + [("Layer (type)", "Output Shape", "Param #")]) + 3
                  for i in range(3)]
        line = "=" * sum(widths)
        total = self.count_params()
        trainable = sum(int(np.prod(w.shape)) for w in self.trainable_weights)
        lines = [f'Model: "{self.name}"',
                 "Layer (type)".ljust(widths[0]) + "Output Shape".ljust(widths[1]) + "Param #", line]
        lines += [a.ljust(widths[0]) + b.ljust(widths[1]) + c for a, b, c in rows]
        lines += [line, f"Total params: {total}", f"Trainable params: {trainable}",
                  f"Non-trainable params: {total - trainable}"]
        print_fn("\n".join(lines))

    # Training -------------------------------------------------------------------------------------

    def compile(self, optimizer="rmsprop", loss=None, metrics=None, weighted_metrics=None):
        """Choose the optimizer, the loss and the metrics that fit and evaluate use.

        As in Keras, the ``metrics`` ignore sample weights and class weights, and the
        ``weighted_metrics`` use them (a weighted metric whose name is taken already is reported as
        "weighted_" + its name, such as "weighted_accuracy"); the loss always uses them.
        """
        if loss is None:
            raise ValueError(f"compile needs a loss, such as loss='mse'; nnlib knows "
                             f"{', '.join(repr(k) for k in _losses.LOSSES)}")
        self.optimizer = _optimizers.get(optimizer)
        self.loss = _losses.get(loss)
        self._metric_ids, self._weighted_metric_ids = _metric_list(metrics), _metric_list(weighted_metrics)
        for m in self._metric_ids + self._weighted_metric_ids:  # an unknown name fails now, not in fit
            if isinstance(m, str) and m.lower() not in ("accuracy", "acc"):
                _metrics.get(m, None, None)
        self.metrics = []
        self.compiled = True

    def fit(self, x, y, batch_size=32, epochs=1, validation_data=None, shuffle=True, verbose="auto",
            class_weight=None, sample_weight=None):
        """Train for ``epochs`` passes over (x, y) by minibatch SGD; returns a :class:`History`.

        ``sample_weight`` (one weight per sample) weighs each sample's loss; ``class_weight``, a dict
        {class: weight}, gives every sample its class's weight instead (see
        :func:`nnlib.training_data.class_weight_to_sample_weights`); nnlib, like Keras, refuses the
        two together. ``validation_data`` is (x_val, y_val) or (x_val, y_val, sample_weight_val).
        """
        self._check_compiled("fit")
        x, y = self._prepare_data(x, y, "x", "y")
        sample_weight = sample_weights(sample_weight, class_weight, y, len(x))
        if validation_data is not None:
            x_val, y_val, sample_weight_val = self._prepare_validation_data(validation_data)
        batch_size = check_count("batch_size", batch_size)
        epochs = check_count("epochs", epochs, low=0)
        verbose = 1 if verbose == "auto" else verbose
        n = len(x)
        steps = -(-n // batch_size)  # batches per epoch, the last one possibly smaller
        history = History(self, {"verbose": verbose, "epochs": epochs, "steps": steps})
        weights = self.trainable_weights
        loss_mean = _metrics.Mean("loss")
        metrics = self._new_metrics(y)
        self.metrics = [m for _, m, _ in metrics]

        for epoch in range(epochs):
            order = np.random.permutation(n) if shuffle else np.arange(n)
            loss_mean.reset_state()
            for m in self.metrics:
                m.reset_state()
            bar = _progress_bar(verbose, steps, epoch, epochs)
            for start in range(0, n, batch_size):
                # 1. Grab a batch: the next batch_size samples in the epoch's order (and their weights).
                batch = order[start:start + batch_size]
                x_batch, y_batch = x[batch], y[batch]
                sw_batch = None if sample_weight is None else sample_weight[batch]
                # 2. Predict and 3. compute the loss (weighted, if there are weights), while the tape
                # records. With weights w, the loss is sum(w * loss) / batch size, as in Keras.
                with GradientTape() as tape:
                    y_pred = self(x_batch)
                    loss = self.loss(y_batch, y_pred, sample_weight=sw_batch)
                # 4. The gradients of the loss with respect to every trainable weight.
                grads = tape.gradient(loss, weights)
                # 5. Update the weights (for SGD: w <- w - learning_rate * gradient).
                self.optimizer.apply_gradients(zip(grads, weights))

                loss_mean.update_state(float(loss), sample_weight=len(x_batch))
                _update_metrics(metrics, y_batch, y_pred.numpy(), sw_batch)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(_logs(loss_mean, metrics), refresh=False)

            logs = _logs(loss_mean, metrics)
            if validation_data is not None:
                val_logs = self._evaluate(x_val, y_val, batch_size, sample_weight_val)
                logs.update({f"val_{name}": value for name, value in val_logs.items()})
            history._append(epoch, logs)
            if bar is not None:
                bar.set_postfix(logs, refresh=True)
                bar.close()
            elif verbose:
                print(f"Epoch {epoch + 1}/{epochs} - "
                      + " - ".join(f"{name}: {value:.4f}" for name, value in logs.items()))
        return history

    def evaluate(self, x, y, batch_size=32, verbose="auto", sample_weight=None, return_dict=False):
        """The loss (and metrics) on (x, y), computed batch by batch without training, each sample's
        loss weighed by ``sample_weight`` if given.

        Returns the loss alone when there are no metrics, otherwise [loss, metric, ...], as Keras does
        (a dict with ``return_dict=True``).
        """
        self._check_compiled("evaluate")
        x, y = self._prepare_data(x, y, "x", "y")
        sample_weight = sample_weights(sample_weight, None, y, len(x))
        logs = self._evaluate(x, y, check_count("batch_size", batch_size), sample_weight)
        if verbose in (1, 2, "auto"):
            print(" - ".join(f"{name}: {value:.4f}" for name, value in logs.items()))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=32, verbose="auto"):
        """The model's outputs for x, as a numpy array (computed batch by batch)."""
        x = as_inputs(x, "x")
        batch_size = check_count("batch_size", batch_size)
        outputs = [self(x[start:start + batch_size]).numpy() for start in range(0, len(x), batch_size)]
        return np.concatenate(outputs) if outputs else np.zeros((0,))

    # Helpers --------------------------------------------------------------------------------------

    def _evaluate(self, x, y, batch_size, sample_weight=None):
        loss_mean = _metrics.Mean("loss")
        metrics = self._new_metrics(y)
        for _, m, _ in metrics:  # a metric object given to compile is shared with fit: start afresh
            m.reset_state()
        for start in range(0, len(x), batch_size):
            x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
            sw_batch = None if sample_weight is None else sample_weight[start:start + batch_size]
            y_pred = self(x_batch)
            loss = self.loss(y_batch, y_pred, sample_weight=sw_batch)
            loss_mean.update_state(float(loss), sample_weight=len(x_batch))
            _update_metrics(metrics, y_batch, y_pred.numpy(), sw_batch)
        return _logs(loss_mean, metrics)

    def _check_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(f"model {self.name!r} must be compiled before {method}: call "
                               f"model.compile(optimizer=..., loss=...) before {method}, for example "
                               "model.compile(optimizer='sgd', loss='binary_crossentropy')")

    def _prepare_data(self, x, y, x_name, y_name):
        """x and y as arrays, after checking that they pair up and that y fits the loss and the model;
        the model is built on the way (on one sample), and its outputs for it kept for the metrics."""
        x = as_inputs(x, x_name)
        y = np.asarray(y)
        if y.ndim == 0:
            raise ValueError(f"{y_name} must hold one label per sample, got a single number")
        if len(x) != len(y):
            raise ValueError(f"{x_name} and {y_name} must have the same number of samples, but {x_name} "
                             f"has {len(x)} (shape {x.shape}) and {y_name} has {len(y)} "
                             f"(shape {y.shape})")
        if len(x) == 0:
            raise ValueError(f"{x_name} holds no samples (shape {x.shape})")
        output = self(x[:1])  # builds the model on first use; gives the shape of its outputs
        check_labels(self.loss, y, output.shape, y_name)
        self._output_probe = output.numpy()
        if not isinstance(self.loss, _losses.SparseCategoricalCrossentropy):
            y = y.astype(output.dtype, copy=False)  # once here, rather than in every batch
        return x, y

    def _prepare_validation_data(self, validation_data):
        """validation_data, (x_val, y_val) or (x_val, y_val, sample_weight_val), checked and prepared."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            got = (f"{len(validation_data)} items" if isinstance(validation_data, (tuple, list))
                   else f"a {type(validation_data).__name__}")
            raise ValueError("validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
                             f"sample_weight_val), got {got}")
        x_val, y_val = self._prepare_data(*validation_data[:2], "validation x", "validation y")
        weight = validation_data[2] if len(validation_data) == 3 else None
        return x_val, y_val, sample_weights(weight, None, y_val, len(x_val), "validation sample_weight")

    def _new_metrics(self, y):
        """The compiled metrics as new objects, as (name, metric, weighted) triples: only the
        weighted_metrics see the sample weights, and one whose name is taken is reported as
        "weighted_" + its name, as in Keras ("accuracy" is resolved from y and the outputs' shapes)."""
        metrics = [(m.name, m, False) for m in
                   (_metrics.get(i, y, self._output_probe) for i in self._metric_ids)]
        for identifier in self._weighted_metric_ids:
            m = _metrics.get(identifier, y, self._output_probe)
            taken = any(name == m.name for name, _, _ in metrics)
            metrics.append((f"weighted_{m.name}" if taken else m.name, m, True))
        return metrics


def _logs(loss_mean, metrics):
    """The loss and each metric's result so far, by name: what fit reports for an epoch."""
    return {"loss": float(loss_mean.result()), **{name: float(m.result()) for name, m, _ in metrics}}


def _metric_list(metrics):
    """compile's metrics or weighted_metrics as a list (one metric may be given alone)."""
    if isinstance(metrics, (str, _metrics.Mean)) or callable(metrics):
        return [metrics]
    return list(metrics or [])


def _update_metrics(metrics, y, y_pred, sample_weight):
    """update_state of each (name, metric, weighted) triple; only the weighted ones get the weights."""
    for _, m, weighted in metrics:
        m.update_state(y, y_pred, sample_weight if weighted else None)


def _progress_bar(verbose, steps, epoch, epochs):
    """A tqdm progress bar for verbose=1 (tqdm.auto: a widget in a notebook, text in a terminal)."""
    if verbose != 1:
        return None
    try:
        from tqdm.auto import tqdm  # imported here so that `import nnlib` stays quick
    except ImportError:
        return None
    return tqdm(total=steps, desc=f"Epoch {epoch + 1}/{epochs}", unit="batch", leave=True)
