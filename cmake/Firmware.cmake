# Placeholder until the firmware build lands (being written now).
function(mcuprof_add_firmware)
endfunction()
