"""Streamlit's script runs as a browser tab receives them: the ``ForwardMsg`` frames of its
websocket, decoded with Streamlit's own protocol classes.

A run ends with a ``script_finished`` message whose status says whether the whole page ran
(``FINISHED_SUCCESSFULLY``) or only a fragment (``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``); the
deltas between carry the elements sent, the graph component among them. Browser tests read these
to see that a click reruns only the fragment, and what is sent again, without timing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STATUS = {ForwardMsg.FINISHED_SUCCESSFULLY: "page", ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment",
          ForwardMsg.FINISHED_EARLY_FOR_RERUN: "interrupted", ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "error"}


@dataclass
class Runs:
    """What the tab has received: finished runs by kind, the graph components' protos, and the
    labels of the widgets sent."""

    finished: list[str] = field(default_factory=list)
    graphs: list = field(default_factory=list)
    widgets: list[str] = field(default_factory=list)  # the labels of the widgets sent

    def clear(self) -> None:
        self.finished.clear()
        self.graphs.clear()
        self.widgets.clear()

    def receive(self, payload) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            self.finished.append(STATUS.get(message.script_finished, str(message.script_finished)))
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            value = getattr(element, element.WhichOneof("type"))
            if element.WhichOneof("type") == "bidi_component":
                self.graphs.append(value)
            elif getattr(value, "label", ""):
                self.widgets.append(value.label)


def record_runs(page) -> Runs:
    """Start recording the runs of ``page``'s Streamlit websocket (call before ``page.goto``)."""
    runs = Runs()
    page.on("websocket", lambda socket: socket.on("framereceived", runs.receive))
    return runs
