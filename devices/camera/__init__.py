"""Document cameras (高拍仪): capture, page detection and correction, checks, encoding."""
