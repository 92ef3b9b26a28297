def bump():
    pass
