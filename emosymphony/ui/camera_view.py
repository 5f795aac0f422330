"""The window's camera side: the emotion model loading, the camera worker, photos in place of the camera."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from ..emotions import NO_FACE
from ..errors import EmosymphonyError
from ..images import load_image
from ..vision.analysis import FaceAnalyzer
from ..vision.annotate import annotate
from ..vision.live import ANALYSIS_INTERVAL
from .panels import CameraPanel
from .workers import CameraWorker, ModelLoader, to_qimage


class CameraView:
    """Part of MainWindow: what the camera (or a photo) shows, and the moods it passes to the symphony."""

    def _build_camera(self, model_path: str | None) -> None:
        self.classifier = None
        self.model_error: str | None = None
        self.camera_worker: CameraWorker | None = None
        self.resting_dialog = None
        """The resting-face capture while it is open: it hears every analysed frame."""
        self.camera_panel = CameraPanel()
        self.camera_panel.show_source(self.camera_spec)
        self.camera_panel.camera_chosen.connect(self.choose_camera)
        self.camera_panel.other_source_requested.connect(self._ask_camera_source)
        self.camera_panel.camera_switched.connect(self._camera_switched)
        self.camera_panel.photo_requested.connect(self.ask_photo)
        self.bridge.photo_done.connect(self._photo_done)
        self.camera_panel.show_text("Loading the emotion model…")
        self.loader = ModelLoader(model_path)
        self.loader.loaded.connect(self._model_loaded)
        self.loader.failed.connect(self._model_failed)
        self.loader.start()

    def _model_loaded(self, classifier) -> None:
        self.classifier = classifier
        for note in self.symphony.use_model(classifier, self.calibrated):
            self.show_message(note, seconds=20)
        self.start_camera()

    def _model_failed(self, error: str) -> None:
        self.model_error = error
        self.mood_panel.detail.setText("Emotion model missing — choose your mood with the buttons or keys 1–7")
        self.show_message(f"Emotion model unavailable: {error}. The camera still shows, the mood is manual.")
        self.start_camera()

    def start_camera(self) -> None:
        """(Re)start the camera worker on the chosen source."""
        self.stop_camera()
        if not self.camera_panel.is_on:
            return
        self.camera_panel.show_text(f"Opening {self.camera_panel.choice.currentText()}…")
        worker = CameraWorker(self.camera_spec, self.classifier, look_interval=self._look_interval)
        worker.frame_ready.connect(self._show_frame)
        worker.mood_updated.connect(self._mood_updated)
        worker.mood_changed.connect(self._mood_changed)
        worker.ended.connect(self._camera_ended)
        self.camera_worker = worker
        worker.start()

    def _look_interval(self) -> float:
        """Asked by the camera thread before each frame: fewer looks while the music waits for the listener."""
        return self.session.look_interval(ANALYSIS_INTERVAL)

    def stop_camera(self) -> None:
        """Stop the camera worker and wait for its thread to end."""
        worker, self.camera_worker = self.camera_worker, None
        if worker is not None:
            for signal in (worker.frame_ready, worker.mood_updated, worker.mood_changed, worker.ended):
                signal.disconnect()
            worker.stop()
            worker.wait()

    def choose_camera(self, spec: str) -> None:
        self.camera_spec = spec.strip() or "0"
        self.camera_panel.show_source(self.camera_spec)
        self.camera_panel.set_on(True)
        self.start_camera()

    def _ask_camera_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Video file to use as the camera", str(Path.home()),
                                              "Videos (*.avi *.mp4 *.mkv *.mov *.webm);;All files (*)")
        if path:
            self.choose_camera(path)
        else:
            self.camera_panel.show_source(self.camera_spec)

    def _camera_switched(self, on: bool) -> None:
        if on:
            self.start_camera()
            return
        self.stop_camera()
        self.camera_panel.show_text("Camera is off. Turn it on, or open a photo.")
        self.mood_panel.show_probabilities(None)
        if self.session.detected_source == "camera":
            self.symphony.camera_stopped()
            self._show_mood(note="turn it on, open a photo, or pick a mood with keys 1–7", heading="Camera off")

    def _show_frame(self, image: QImage, analysis) -> None:
        self.camera_panel.show_image(image)
        if self.resting_dialog is not None:
            self.resting_dialog.look(analysis)
        if analysis is None:
            status = "No emotion model: showing the camera only"
        elif analysis.too_dark:
            status = "Too dark to see your face — turn on a light, or use File ▸ Open photo…"
        elif not analysis.faces:
            status = "No face in view"
        else:
            status = "1 face: you" if len(analysis.faces) == 1 else f"{len(analysis.faces)} faces; the largest is you"
        self.camera_panel.status.setText(status)

    def _mood_updated(self, state) -> None:
        """Every frame: the live bars, and the followed mood's confidence as it changes."""
        self.mood_panel.show_probabilities(state.probabilities if state.mood != NO_FACE else None)
        if self.session.source == "camera" and state.mood == self.session.mood and state.mood != NO_FACE:
            self.mood_panel.show_mood(state.mood, state.confidence, "camera")

    def _mood_changed(self, change) -> None:
        self.session.set_detected_mood(change.mood, change.confidence, "camera")

    def _camera_ended(self, reason: str) -> None:
        worker, self.camera_worker = self.camera_worker, None
        if worker is not None:
            worker.wait()  # its run() is returning; never drop a QThread that still runs
        self.mood_panel.show_probabilities(None)
        if self.session.detected_source == "camera":
            self.symphony.camera_stopped()
            video = Path(self.camera_spec).is_file()
            self._show_mood(note=reason if self.session.manual is None else "",
                            heading="Video ended" if video else "Camera stopped")
            if self.camera_panel.is_on:
                self.camera_panel.show_text(f"{reason}\n\nNo camera? Use File ▸ Open photo… or pick a mood with keys 1–7.")
        self.camera_panel.status.setText(reason)

    def ask_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open photo", str(Path.home()), "Images (*.png *.jpg *.jpeg *.bmp *.webp)")
        if path:
            self.open_photo(path)

    def open_photo(self, path: str) -> None:
        """Analyze a photo off the UI thread and show it annotated in place of the camera."""
        if self.classifier is None:
            self.show_message(self.model_error or "The emotion model is still loading; try again in a moment")
            return
        self.show_message(f"Looking at {Path(path).name}…")
        classifier = self.classifier

        def work() -> None:
            try:
                image = load_image(path)
                analysis = FaceAnalyzer(classifier).analyze(image)
                self.bridge.photo_done.emit(to_qimage(annotate(image, analysis), width=1024), analysis, "")
            except EmosymphonyError as error:
                self.bridge.photo_done.emit(None, None, str(error))

        threading.Thread(target=work, name="photo", daemon=True).start()

    def _photo_done(self, image: QImage | None, analysis, error: str) -> None:
        if error:
            self.show_message(error)
            return
        self.camera_panel.set_on(False)  # the photo replaces the camera until it is turned on again
        self.camera_panel.show_image(image, smooth=True)
        listener = analysis.listener
        if listener is None:
            self.camera_panel.status.setText("No face found in the photo" + (" (too dark)" if analysis.too_dark else ""))
            self.mood_panel.show_probabilities(None)
            self.session.set_detected_mood(NO_FACE, source="photo")
        else:
            self.camera_panel.status.setText(f"Photo: {len(analysis.faces)} face(s)")
            self.mood_panel.show_probabilities(listener.probabilities)
            self.session.set_detected_mood(listener.emotion, float(listener.probabilities.max()), "photo")
        self._show_mood()
