"""nnlib.models.Sequential and nnlib.metrics against Keras: training, evaluation, metrics, errors.

The parity tests start nnlib and Keras from the same weights (Keras's, copied with set_weights) and the
same batch order (shuffle=False), train for 5 epochs and compare the per-epoch losses and metrics
(to a relative 1e-4) and the final weights; the same with class weights on imbalanced labels and with
sample weights (and weighted metrics), and evaluate with sample weights.
"""
import re

import keras
import numpy as np
import pytest

import nnlib
from nnlib import layers, losses, metrics, models, optimizers, training_data

RNG = np.random.default_rng(0)
X = RNG.normal(size=(150, 2)).astype(np.float32)
Y_LINEAR = (X[:, 0] + 0.5 * X[:, 1] + RNG.normal(0, 0.5, 150) > 0).astype(np.float32)  # (n,)
Y_XOR = (X[:, 0] * X[:, 1] > 0).astype(np.float32)[:, None]  # (n, 1)
Y_CLASS = (X[:, 0] > 0).astype(np.int64) + (X[:, 1] > 0)  # 3 classes
Y_ONE_HOT = np.eye(3, dtype=np.float32)[Y_CLASS]
# Imbalanced labels: 90% / 10% for two classes; 70% / 20% / 10% for three.
SCORE = X[:, 0] + 0.5 * X[:, 1]
Y_RARE = (SCORE > np.quantile(SCORE, 0.9)).astype(np.float32)  # (n,), 15 of 150 are 1
Y_RARE_CLASS = np.digitize(SCORE, np.quantile(SCORE, [0.7, 0.9]))  # 105, 30 and 15 samples
WEIGHTS = RNG.uniform(0, 3, size=150).astype(np.float32)
Y_NOISY = (SCORE + RNG.normal(0, 0.5, 150)).astype(np.float32)[:, None]


def twins(hidden, units, activation, loss, optimizer=("sgd", 0.1), metric_names=("accuracy",),
          weighted_metric_names=()):
    """A Keras model and an nnlib model with the same layers, weights, optimizer, loss and metrics."""
    k = keras.Sequential([keras.Input((2,))]
                         + [keras.layers.Dense(h, activation="relu") for h in hidden]
                         + [keras.layers.Dense(units, activation=activation)])
    n = models.Sequential([layers.Dense(h, activation="relu") for h in hidden]
                          + [layers.Dense(units, activation=activation)])
    n.build((None, 2))
    n.set_weights(k.get_weights())
    name, lr = optimizer
    k.compile(optimizer=keras.optimizers.get({"class_name": name, "config": {"learning_rate": lr}}),
              loss=loss, metrics=list(metric_names), weighted_metrics=list(weighted_metric_names))
    n.compile(optimizer=optimizers.get(name).__class__(learning_rate=lr), loss=loss,
              metrics=list(metric_names), weighted_metrics=list(weighted_metric_names))
    return k, n


def compiled(units=1, activation="sigmoid", loss="binary_crossentropy", metrics=None):
    """An nnlib model of one Dense layer, compiled with SGD: for the tests without a Keras twin."""
    model = models.Sequential([layers.Dense(units, activation=activation)])
    model.compile(optimizer="sgd", loss=loss, metrics=metrics)
    return model


def assert_same_training(kh, nh, k, n):
    """The same history (keys and values, relative 1e-4) and the same final weights."""
    assert sorted(nh.history) == sorted(kh.history)
    for name, values in kh.history.items():
        np.testing.assert_allclose(nh.history[name], values, rtol=1e-4, err_msg=name)
    for a, b in zip(n.get_weights(), k.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


CASES = {
    "linear sigmoid, labels (n,)": ((), 1, "sigmoid", "binary_crossentropy", Y_LINEAR),
    "MLP 2-16-16-1, labels (n, 1)": ((16, 16), 1, "sigmoid", "binary_crossentropy", Y_XOR),
    "linear softmax, one-hot": ((), 3, "softmax", "categorical_crossentropy", Y_ONE_HOT),
    "linear softmax, class numbers": ((), 3, "softmax", "sparse_categorical_crossentropy", Y_CLASS),
    "MLP 2-16-3, class numbers": ((16,), 3, "softmax", "sparse_categorical_crossentropy", Y_CLASS),
    "regression, mse": ((8,), 1, None, "mse", X[:, :1] * 2 - X[:, 1:]),
}


@pytest.mark.parametrize("case", CASES)
def test_training_matches_keras_epoch_by_epoch(case):
    hidden, units, activation, loss, y = CASES[case]
    metric_names = () if loss == "mse" else ("accuracy",)
    k, n = twins(hidden, units, activation, loss, metric_names=metric_names)
    x_val, y_val = X[:40], y[:40]
    kh = k.fit(X, y, batch_size=32, epochs=5, shuffle=False, verbose=0, validation_data=(x_val, y_val))
    nh = n.fit(X, y, batch_size=32, epochs=5, shuffle=False, verbose=0, validation_data=(x_val, y_val))
    assert nh.epoch == kh.epoch == [0, 1, 2, 3, 4]
    assert_same_training(kh, nh, k, n)
    assert nh.history["loss"][-1] < nh.history["loss"][0]  # it learned something


WEIGHTED_CASES = {  # (hidden, units, activation, loss, y, fit's keywords)
    "binary 90/10, class_weight, labels (n,)": (
        (), 1, "sigmoid", "binary_crossentropy", Y_RARE, dict(class_weight={0: 1.0, 1: 9.0})),
    "binary 90/10, class_weight, labels (n, 1)": (
        (8,), 1, "sigmoid", "binary_crossentropy", Y_RARE[:, None], dict(class_weight={0: 0.5, 1: 4.5})),
    "3 classes 70/20/10, class_weight, class numbers": (
        (), 3, "softmax", "sparse_categorical_crossentropy", Y_RARE_CLASS,
        dict(class_weight={0: 1.0, 1: 3.5, 2: 7.0})),
    "3 classes 70/20/10, class_weight, one-hot": (
        (8,), 3, "softmax", "categorical_crossentropy", np.eye(3, dtype=np.float32)[Y_RARE_CLASS],
        dict(class_weight={0: 1.0, 1: 3.5, 2: 7.0})),
    "binary, sample_weight (n,)": (
        (), 1, "sigmoid", "binary_crossentropy", Y_RARE, dict(sample_weight=WEIGHTS)),
    "3 classes, sample_weight (n, 1)": (
        (8,), 3, "softmax", "sparse_categorical_crossentropy", Y_RARE_CLASS,
        dict(sample_weight=WEIGHTS[:, None])),
    "regression, sample_weight (n,)": ((), 1, None, "mse", Y_NOISY, dict(sample_weight=WEIGHTS)),
}


@pytest.mark.parametrize("case", WEIGHTED_CASES)
def test_weighted_training_matches_keras_epoch_by_epoch(case):
    """The batch loss is sum(w * loss) / batch size; "accuracy" ignores the weights and the weighted
    metric uses them; validation_data carries its own weights (class_weight is not applied to it)."""
    hidden, units, activation, loss, y, weighting = WEIGHTED_CASES[case]
    names = () if loss == "mse" else ("accuracy",)
    k, n = twins(hidden, units, activation, loss, metric_names=names, weighted_metric_names=names)
    validation = (X[:40], y[:40], WEIGHTS[:40]) if "sample_weight" in weighting else (X[:40], y[:40])
    start = n.get_weights()
    kh = k.fit(X, y, batch_size=32, epochs=5, shuffle=False, verbose=0, validation_data=validation,
               **weighting)
    nh = n.fit(X, y, batch_size=32, epochs=5, shuffle=False, verbose=0, validation_data=validation,
               **weighting)
    if names:
        assert {"weighted_accuracy", "val_weighted_accuracy"} <= set(nh.history)
        assert nh.history["weighted_accuracy"] != nh.history["accuracy"]
    assert_same_training(kh, nh, k, n)
    n.set_weights(start)  # and without the weights, the same start trains to other losses
    unweighted = n.fit(X, y, batch_size=32, epochs=5, shuffle=False, verbose=0).history["loss"]
    assert not np.allclose(unweighted, nh.history["loss"], rtol=1e-2)


@pytest.mark.parametrize("units, activation, loss, y", [
    (1, "sigmoid", "binary_crossentropy", Y_RARE),
    (3, "softmax", "sparse_categorical_crossentropy", Y_RARE_CLASS),
])
def test_evaluate_with_sample_weight_matches_keras(units, activation, loss, y):
    k, n = twins((4,), units, activation, loss, weighted_metric_names=("accuracy",))
    for batch_size in (32, 150):  # the loss of a batch divides by its size, not by its weights' sum
        expected = k.evaluate(X, y, batch_size=batch_size, sample_weight=WEIGHTS, verbose=0,
                              return_dict=True)
        ours = n.evaluate(X, y, batch_size=batch_size, sample_weight=WEIGHTS, verbose=0, return_dict=True)
        assert list(ours) == ["loss", "accuracy", "weighted_accuracy"]
        for name, value in expected.items():
            np.testing.assert_allclose(ours[name], value, rtol=1e-5, err_msg=name)
    # Computed by hand: the weighted losses of the whole set, divided by the number of samples.
    per_sample = type(losses.get(loss))(reduction=None)
    by_hand = np.sum(WEIGHTS * per_sample(y, n.predict(X, verbose=0)).numpy()) / len(X)
    np.testing.assert_allclose(ours["loss"], by_hand, rtol=1e-5)


def test_class_weight_gives_each_sample_its_class_weight():
    weights = {0: 1.0, 1: 9.0}
    expected = np.where(Y_RARE == 1, 9.0, 1.0)
    for y in (Y_RARE, Y_RARE[:, None], np.eye(2)[Y_RARE.astype(int)]):  # binary, (n, 1), one-hot
        np.testing.assert_array_equal(training_data.class_weight_to_sample_weights(y, weights), expected)
    soft = np.array([[0.2, 0.7, 0.1], [0.5, 0.1, 0.4]])  # soft labels: the largest entry's class
    np.testing.assert_array_equal(training_data.class_weight_to_sample_weights(soft, {0: 2, 1: 3, 2: 4}), [3, 2])
    assert training_data.class_weight_to_sample_weights(Y_RARE, weights).dtype == np.float32


def test_class_weight_and_sample_weight_are_refused_together_as_in_keras():
    k, n = twins((), 1, "sigmoid", "binary_crossentropy")
    both = dict(class_weight={0: 1.0, 1: 9.0}, sample_weight=WEIGHTS, verbose=0)
    with pytest.raises(ValueError, match="class_weight"):
        k.fit(X, Y_RARE, **both)
    with pytest.raises(ValueError, match="class_weight or sample_weight, not both"):
        n.fit(X, Y_RARE, **both)


def test_error_class_weight_missing_a_class_or_with_other_keys():
    model = compiled(3, "softmax", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=r"no weight for class 2, which the labels hold; it has weights "
                                         r"for \[0, 1\]"):
        model.fit(X, Y_RARE_CLASS, class_weight={0: 1.0, 1: 3.0}, verbose=0)
    with pytest.raises(ValueError, match="keys must be class numbers.*'1'"):
        model.fit(X, Y_RARE_CLASS, class_weight={0: 1.0, "1": 3.0, 2: 1.0}, verbose=0)
    with pytest.raises(ValueError, match=r"class_weight must be a dict \{class: weight\}"):
        model.fit(X, Y_RARE_CLASS, class_weight=[1.0, 3.0, 7.0], verbose=0)


def test_error_sample_weight_of_the_wrong_length_names_the_lengths():
    model = compiled()
    with pytest.raises(ValueError, match=r"sample_weight must hold one weight per sample, but it has 149 "
                                         r"weights \(shape \(149,\)\) for 150 samples"):
        model.fit(X, Y_RARE, sample_weight=WEIGHTS[:-1], verbose=0)
    with pytest.raises(ValueError, match="got a single number"):
        model.evaluate(X, Y_RARE, sample_weight=2.0, verbose=0)
    with pytest.raises(ValueError, match="validation sample_weight .* has 39 weights .* for 40 samples"):
        model.fit(X, Y_RARE, verbose=0, validation_data=(X[:40], Y_RARE[:40], WEIGHTS[:39]))
    with pytest.raises(ValueError, match=r"validation_data must be a tuple .* got 4 items"):
        model.fit(X, Y_RARE, verbose=0, validation_data=(X, Y_RARE, WEIGHTS, WEIGHTS))
    with pytest.raises(ValueError, match=r"sample_weight of shape \(32, 2\) does not fit the losses of "
                                         r"shape \(32,\)"):
        model.fit(X, Y_RARE, sample_weight=np.ones((150, 2)), verbose=0)


def test_a_metric_object_starts_afresh_for_the_validation_data():
    model = compiled(metrics=[metrics.BinaryAccuracy()])
    history = model.fit(X, Y_LINEAR, epochs=1, verbose=0, validation_data=(X[:40], Y_LINEAR[:40]))
    by_hand = np.mean((model.predict(X[:40], verbose=0)[:, 0] > 0.5) == Y_LINEAR[:40])
    assert history.history["val_binary_accuracy"][0] == pytest.approx(by_hand)


def test_optimizers_by_name_match_keras():
    """"adam" and "rmsprop" as strings, with Keras's default settings on both sides."""
    for name in ("adam", "rmsprop"):
        k, n = twins((8,), 1, "sigmoid", "binary_crossentropy")
        k.compile(optimizer=name, loss="binary_crossentropy")
        n.compile(optimizer=name, loss="binary_crossentropy")
        kh = k.fit(X, Y_LINEAR, batch_size=16, epochs=3, shuffle=False, verbose=0)
        nh = n.fit(X, Y_LINEAR, batch_size=16, epochs=3, shuffle=False, verbose=0)
        np.testing.assert_allclose(nh.history["loss"], kh.history["loss"], rtol=1e-4, err_msg=name)


def test_evaluate_and_predict_match_keras():
    k, n = twins((4,), 3, "softmax", "sparse_categorical_crossentropy")
    np.testing.assert_allclose(n.predict(X, verbose=0), k.predict(X, verbose=0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(n.evaluate(X, Y_CLASS, batch_size=64, verbose=0),
                               k.evaluate(X, Y_CLASS, batch_size=64, verbose=0), rtol=1e-5)
    assert n.predict(X[:3], verbose=0).dtype == np.float32
    k, n = twins((4,), 3, "softmax", "sparse_categorical_crossentropy", metric_names=())
    loss = n.evaluate(X, Y_CLASS, verbose=0)  # no metrics: the loss alone, as in Keras
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, k.evaluate(X, Y_CLASS, verbose=0), rtol=1e-5)


@pytest.mark.parametrize("name, y_true, y_pred", [
    ("binary_accuracy", Y_LINEAR, RNG.uniform(size=(150, 1))),
    ("binary_accuracy", Y_XOR, RNG.uniform(size=(150, 1))),
    ("categorical_accuracy", Y_ONE_HOT, RNG.uniform(size=(150, 3))),
    ("sparse_categorical_accuracy", Y_CLASS, RNG.uniform(size=(150, 3))),
    ("sparse_categorical_accuracy", Y_CLASS[:, None], RNG.uniform(size=(150, 3))),
])
def test_metrics_match_keras(name, y_true, y_pred):
    expected = getattr(keras.metrics, name)(y_true, y_pred)
    ours_values = getattr(metrics, name)(y_true, y_pred)
    np.testing.assert_array_equal(ours_values,
                                  np.asarray(expected))
    assert ours_values.dtype == np.float32
    ours, theirs = metrics.get(name, y_true, y_pred), keras.metrics.get(name)
    theirs = keras.metrics.MeanMetricWrapper(theirs) if not isinstance(theirs, keras.metrics.Metric) else theirs
    for start in (0, 64, 128):  # batches of 64, 64 and 22
        ours.update_state(y_true[start:start + 64], y_pred[start:start + 64])
        theirs.update_state(y_true[start:start + 64], y_pred[start:start + 64])
    np.testing.assert_allclose(float(ours.result()), float(theirs.result()), rtol=1e-6)


def test_binary_threshold_is_strictly_above_as_in_keras():
    y_pred = np.array([[0.5], [0.50001], [0.49999]], dtype=np.float32)
    np.testing.assert_array_equal(metrics.binary_accuracy([0, 1, 0], y_pred),
                                  keras.metrics.binary_accuracy(np.array([0, 1, 0]), y_pred))


@pytest.mark.parametrize("y, units, expected", [
    (Y_LINEAR, 1, metrics.BinaryAccuracy),
    (Y_CLASS, 3, metrics.SparseCategoricalAccuracy),
    (Y_CLASS[:, None], 3, metrics.SparseCategoricalAccuracy),
    (Y_ONE_HOT, 3, metrics.CategoricalAccuracy),
])
def test_accuracy_is_resolved_as_keras_does(y, units, expected):
    m = metrics.get("accuracy", y, np.zeros((len(y), units)))
    assert type(m) is expected and m.name == "accuracy"


def test_shuffling_follows_numpys_global_seed():
    def run(shuffle):
        n = compiled()
        n.build((None, 2))
        n.set_weights([np.ones((2, 1)), np.zeros(1)])
        np.random.seed(1)
        return n.fit(X, Y_LINEAR, batch_size=8, epochs=2, shuffle=shuffle, verbose=0).history["loss"]
    assert run(True) == run(True)
    assert run(True) != run(False)


def test_summary_counts_parameters_as_keras(capsys):
    k, n = twins((16, 16), 1, "sigmoid", "binary_crossentropy")
    n.summary()
    out = capsys.readouterr().out
    assert f"Total params: {k.count_params()}" in out and "Non-trainable params: 0" in out
    assert "(None, 16)" in out and "(Dense)" in out
    m = models.Sequential([layers.Input(shape=(4,)), layers.Dense(3)])
    assert m.count_params() == 15  # built by Input: 4 * 3 + 3
    with pytest.raises(ValueError, match="not been built"):
        models.Sequential([layers.Dense(3)]).summary()


# Errors that speak to a learner --------------------------------------------------------------------

@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_error_before_compile(method):
    model = models.Sequential([layers.Dense(1)])
    with pytest.raises(RuntimeError, match=re.escape(f"call model.compile(optimizer=..., loss=...) before {method}")):
        getattr(model, method)(X, Y_LINEAR)


def test_error_x_and_y_of_different_lengths():
    with pytest.raises(ValueError, match=r"x has 150 \(shape \(150, 2\)\) and y has 149 \(shape \(149,\)\)"):
        compiled().fit(X, Y_LINEAR[:-1], verbose=0)
    with pytest.raises(ValueError, match="validation x has 10.*validation y has 9"):
        compiled().fit(X, Y_LINEAR, verbose=0, validation_data=(X[:10], Y_LINEAR[:9]))


@pytest.mark.parametrize("units, activation, loss, y, message", [
    (3, "softmax", "sparse_categorical_crossentropy", Y_CLASS + 1,
     r"label 3 \(y at index \(\d+,\)\) is not a class number in \[0, 3\): y_pred has 3 classes"),
    (3, "softmax", "sparse_categorical_crossentropy", Y_ONE_HOT, "one-hot labels go with loss='categorical_crossentropy'"),
    (4, "softmax", "categorical_crossentropy", Y_ONE_HOT, r"one-hot labels of width 3, but the model outputs shape \(None, 4\)"),
    (3, "softmax", "categorical_crossentropy", Y_CLASS, "class numbers go with loss='sparse_categorical_crossentropy'"),
    (1, "sigmoid", "binary_crossentropy", Y_CLASS, "labels between 0 and 1, but y holds values from 0 to 2"),
    (1, "sigmoid", "binary_crossentropy", Y_ONE_HOT, r"y has shape \(150, 3\) and the model outputs shape \(None, 1\)"),
])
def test_error_labels_that_do_not_fit_the_loss(units, activation, loss, y, message):
    with pytest.raises(ValueError, match=message):
        compiled(units, activation, loss).fit(X, y, verbose=0)


def test_error_unknown_names_list_the_known_ones():
    model = models.Sequential([layers.Dense(1)])
    with pytest.raises(ValueError, match="unknown loss 'binary_cross_entropy'.*'binary_crossentropy'"):
        model.compile(optimizer="sgd", loss="binary_cross_entropy")
    with pytest.raises(ValueError, match="unknown optimizer 'adamm'.*'sgd'.*'adam'"):
        model.compile(optimizer="adamm", loss="mse")
    with pytest.raises(ValueError, match="unknown metric 'acuracy'.*'accuracy'"):
        model.compile(optimizer="sgd", loss="mse", metrics=["acuracy"])


def test_strings_resolve_to_keras_defaults():
    model = models.Sequential([layers.Dense(1)])
    model.compile(optimizer="adam", loss="mean_squared_error")
    assert isinstance(model.optimizer, optimizers.Adam)
    assert model.optimizer.learning_rate == keras.optimizers.Adam().learning_rate
    model.compile(optimizer="SGD", loss="BinaryCrossentropy")
    assert isinstance(model.optimizer, optimizers.SGD) and model.optimizer.learning_rate == 0.01
    assert isinstance(model.loss, nnlib.losses.BinaryCrossentropy)


def test_fit_verbose_2_prints_one_line_per_epoch_with_the_history_values(capsys):
    history = compiled(metrics=["accuracy"]).fit(X, Y_LINEAR, batch_size=50, epochs=3, verbose=2,
                                                 validation_data=(X[:10], Y_LINEAR[:10]))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for epoch, line in enumerate(lines):
        h = {name: values[epoch] for name, values in history.history.items()}
        assert line == (f"Epoch {epoch + 1}/3 - loss: {h['loss']:.4f} - accuracy: {h['accuracy']:.4f}"
                        f" - val_loss: {h['val_loss']:.4f} - val_accuracy: {h['val_accuracy']:.4f}")


def test_fit_verbose_1_shows_a_progress_bar_per_epoch_and_verbose_0_nothing(capsys):
    compiled(metrics=["accuracy"]).fit(X, Y_LINEAR, batch_size=50, epochs=2, verbose=1)
    captured = capsys.readouterr()
    bar = captured.err  # tqdm writes its text bar to stderr in a terminal
    assert "Epoch 1/2" in bar and "Epoch 2/2" in bar
    assert "3/3" in bar  # 150 samples in batches of 50: three batches, all done
    assert "loss=" in bar
    compiled(metrics=["accuracy"]).fit(X, Y_LINEAR, batch_size=50, epochs=2, verbose=0)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
