"""Las soluciones de los ejercicios del notebook 09: el código exacto de cada bloque «# >>> SOLUCIÓN».

Están aparte para que ``exercises.py`` se lea como lo que comprueba cada etapa.
"""

SHOP_DIFFERENCE_SOLUTION = '''diferencia = "b"'''

PREPROCESS_SOLUTION = '''def prepare(images):
    return data.normalize(images)[..., None]   # float32 en [0, 1], forma (n, 28, 28, 1)

x_fit, y_fit = prepare(train_images[:-N_VAL]), train_labels[:-N_VAL]
x_val, y_val = prepare(train_images[-N_VAL:]), train_labels[-N_VAL:]
x_test, y_test = prepare(test_images), test_labels
x_shop, y_shop = prepare(shop_images), test_labels   # las mismas prendas, las mismas etiquetas
datos = {"fit": (x_fit, y_fit), "val": (x_val, y_val), "test": (x_test, y_test),
         "shop": (x_shop, y_shop)}
print({name: x.shape for name, (x, y) in datos.items()})'''

DENSE_BASELINE_SOLUTION = '''densa = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
], name="densa")
densa.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
              jit_compile=True, steps_per_execution=32)   # XLA: en CPU, la red densa va más deprisa
dense_history = densa.fit(x_fit, y_fit, epochs=EPOCHS_DENSE, batch_size=128, validation_data=(x_val, y_val),
                          verbose=0, callbacks=[training.LiveCurves()])'''

CNN_SOLUTION = '''def build_cnn(remedy="none", augmentation=None):
    """La CNN del proyecto; remedy: "none", "dropout" o "l2" (la parada temprana es un callback)."""
    l2 = keras.regularizers.L2(1e-4) if remedy == "l2" else None
    layers = [keras.Input(shape=(28, 28, 1))] + ([augmentation] if augmentation is not None else [])
    layers += [
        keras.layers.Conv2D(16, 3, padding="same", activation="relu", kernel_regularizer=l2),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", kernel_regularizer=l2),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
    ]
    if remedy == "dropout":
        layers.append(keras.layers.Dropout(0.25))
    layers += [keras.layers.Dense(128, activation="relu", kernel_regularizer=l2),
               keras.layers.Dense(10, activation="softmax", kernel_regularizer=l2)]
    return keras.Sequential(layers, name=f"cnn_{remedy}")

config.set_seed()
cnn = build_cnn()
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
start = time.perf_counter()
cnn.fit(x_fit, y_fit, epochs=EPOCHS_CNN, batch_size=128, validation_data=(x_val, y_val),
        verbose=0, callbacks=[training.LiveCurves()])
print(f"CNN: {EPOCHS_CNN} épocas en {formatting.seconds(time.perf_counter() - start)}")'''

FINAL_EVALUATION_SOLUTION = '''resultado = {"test": final.evaluate(x_test, y_test, verbose=0)[1],
             "shop": final.evaluate(x_shop, y_shop, verbose=0)[1]}
print(f"Prueba: {formatting.percent(resultado['test'])} · "
      f"tienda: {formatting.percent(resultado['shop'])} · "
      f"la CNN sin aumento, en la tienda: {formatting.percent(cnn.evaluate(x_shop, y_shop, verbose=0)[1])}")'''

ANALYSIS_SOLUTION = '''analisis = f"""
En validación, la red densa llegó al {formatting.percent(densa.evaluate(x_val, y_val, verbose=0)[1])} y la CNN al
{formatting.percent(cnn.evaluate(x_val, y_val, verbose=0)[1])}: las convoluciones aprovechan que los píxeles vecinos van juntos.
Elegí el remedio {elegido!r} porque fue el mejor en validación; la prueba no la miré hasta el final.
El modelo final acierta el {formatting.percent(resultado["test"])} en la prueba y el {formatting.percent(resultado["shop"])}
en las fotos de la tienda, que están reflejadas y desplazadas. La CNN sin aumento se quedaba en el
{formatting.percent(cnn.evaluate(x_shop, y_shop, verbose=0)[1])} en la tienda: el espejo y los desplazamientos
son justo lo que enseña el aumento. No usé volteo vertical porque la ropa se fotografía derecha.
Para mejorar probaría más épocas o más filtros, y pediría a la tienda una muestra de sus fotos
para validar con ellas.
"""'''

REMEDY_SOLUTION = '''x_small, y_small = x_fit[:N_SMALL], y_fit[:N_SMALL]
validation = {}
start = time.perf_counter()
for remedy in ["none", "dropout", "l2", "early_stopping"]:
    config.set_seed()
    model = build_cnn("none" if remedy == "early_stopping" else remedy)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = [keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)] if remedy == "early_stopping" else []
    history = model.fit(x_small, y_small, epochs=EPOCHS_REMEDY, batch_size=128, validation_data=(x_val, y_val),
                        verbose=0, callbacks=stop)
    remedios[remedy] = model
    validation[remedy] = model.evaluate(x_val, y_val, verbose=0)[1]
    print(f"{remedy:15} entrenamiento {formatting.percent(history.history['accuracy'][-1])} · "
          f"validación {formatting.percent(validation[remedy])}")
print(f"{len(remedios)} entrenamientos en {formatting.seconds(time.perf_counter() - start)}")
elegido = max(validation, key=validation.get)   # el mejor en VALIDACIÓN
print("Elegido:", elegido)'''

AUGMENTATION_SOLUTION = '''config.set_seed()
augmentation = keras.Sequential([
    keras.layers.RandomFlip("horizontal"),                 # espejo izquierda-derecha: la prenda no cambia
    keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant", interpolation="nearest"),   # ±2 píxeles enteros, fondo negro
], name="augmentation")
final = build_cnn(elegido if elegido != "early_stopping" else "none", augmentation)
final.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
stop = [keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)] if elegido == "early_stopping" else []
start = time.perf_counter()
final.fit(x_fit, y_fit, epochs=EPOCHS_FINAL, batch_size=128, validation_data=(x_val, y_val),
          verbose=0, callbacks=[training.LiveCurves()] + stop)
print(f"Modelo final: {EPOCHS_FINAL} épocas en {formatting.seconds(time.perf_counter() - start)}")'''
