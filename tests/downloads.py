"""Reading a download in a test: every export streams (opendata.writers.download)."""


def content(response) -> bytes:
    """The whole body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
